using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using CrmSync.SyncAgent.Dataverse.Auth;
using CrmSync.SyncAgent.Dataverse.Http;

namespace CrmSync.SyncAgent.Dataverse;

/// <summary>
/// The Dataverse Web API v9.2 connector: staging table, leads and contacts, <c>$batch</c> writes, metadata and the
/// plug-in's steps. Every request it sends is safe to repeat, so the resilience pipeline may retry any of them:
/// reads are GETs, updates are <c>PATCH</c> with <c>If-Match: *</c>, creates are upserts with a client-chosen id
/// and <c>If-None-Match: *</c> (a repeat gets 412), deletes of missing rows get 404.
/// </summary>
internal sealed partial class DataverseClient
{
    private readonly DataverseTransport _transport;
    private readonly DataverseOptions _options;
    private readonly ILogger _logger;

    public DataverseClient(HttpClient httpClient, DataverseTokenSource tokenSource, IOptions<DataverseOptions> options, TimeProvider timeProvider, DataverseCallCounter counter, ILogger<DataverseClient> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        // Attempts are timed by the pipeline; HttpClient's own timeout would cut a long Retry-After wait short.
        httpClient.Timeout = Timeout.InfiniteTimeSpan;
        _transport = new DataverseTransport(httpClient, tokenSource, _options, timeProvider, counter, logger);
    }

    /// <summary><c>{Url}/api/data/v9.2/</c>.</summary>
    public Uri ServiceRoot => _transport.ServiceRoot;

    /// <summary>Calls made by this client (shared counter).</summary>
    public DataverseCallCounter Counter => _transport.Counter;

    /// <summary>How requests are paced to Dataverse's service protection limits (concurrency, batch size now).</summary>
    public Pacing.AdaptiveRequestGate Pacing => _transport.Gate;

    /// <summary>Calls <c>WhoAmI</c>: proves URL and credentials and returns the sync user's id.</summary>
    public Task<WhoAmIResult> WhoAmIAsync(CancellationToken cancellationToken) =>
        GetJsonAsync("WhoAmI", DataverseJsonContext.Default.WhoAmIResult, cancellationToken);

    private Task<HttpResponseMessage> GetAsync(string relative, int? maxPageSize, CancellationToken cancellationToken) =>
        GetAsync(_transport.Resolve(relative), maxPageSize, cancellationToken);

    private Task<HttpResponseMessage> GetAsync(Uri uri, int? maxPageSize, CancellationToken cancellationToken, bool lookupTables = false) =>
        _transport.SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, uri);
                if (maxPageSize is { } size)
                {
                    // A lookup read as _x_value names its table only in the lookuplogicalname annotation (Customer lookups).
                    request.Headers.TryAddWithoutValidation("Prefer", lookupTables
                        ? $"odata.maxpagesize={size},odata.include-annotations=\"Microsoft.Dynamics.CRM.lookuplogicalname\""
                        : $"odata.maxpagesize={size}");
                }

                return request;
            },
            cancellationToken);

    /// <summary>
    /// Reads a collection page by page, following the absolute <c>@odata.nextLink</c> (sent back unchanged, with the
    /// same Prefer header, as the paging docs require). Only one page is held at a time; pages of
    /// <see cref="DataverseOptions.PageSize"/> rows, or <paramref name="pageSize"/> when that is smaller.
    /// </summary>
    private async IAsyncEnumerable<JsonDocument> ReadPagesAsync(
        string firstRelative, [EnumeratorCancellation] CancellationToken cancellationToken, bool lookupTables = false, int? pageSize = null)
    {
        var size = Math.Clamp(pageSize ?? _options.PageSize, 1, _options.PageSize);
        Uri? next = _transport.Resolve(firstRelative);
        while (next is not null)
        {
            using var page = await GetDocumentAsync(next, size, cancellationToken, lookupTables).ConfigureAwait(false);
            next = page.RootElement.TryGetProperty("@odata.nextLink", out var link) && link.GetString() is { } text
                ? new Uri(text, UriKind.Absolute)
                : null;
            yield return page;
        }
    }

    private static IEnumerable<JsonElement> Rows(JsonDocument page) =>
        page.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : [];
}
