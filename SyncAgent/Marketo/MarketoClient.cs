using System.Text.Json.Serialization.Metadata;
using CrmSync.SyncAgent.Marketo.Wire;
using Microsoft.Extensions.Logging;

namespace CrmSync.SyncAgent.Marketo;

/// <summary>
/// The Marketo operations the sync needs, on top of <see cref="MarketoApiClient"/> (which owns authentication,
/// limits and retries). Batches are split at the documented 300 records; results come back in input order.
/// Any call may throw <see cref="MarketoQuotaExceededException"/> (607): stop the cycle without committing cursors.
/// </summary>
internal sealed partial class MarketoClient
{
    private readonly MarketoApiClient _api;
    private readonly MarketoOptions _options;
    private readonly ILogger _logger;

    public MarketoClient(MarketoApiClient api, MarketoOptions options, ILogger<MarketoClient> logger)
    {
        _api = api;
        _options = options;
        _logger = logger;
    }

    /// <summary>Calls made today, for status and benchmarks.</summary>
    public MarketoUsage Usage => _api.Usage;

    /// <summary>
    /// Describe Lead: every lead field with its REST name, data type, length and read-only flag
    /// (<c>GET /rest/v1/leads/describe.json</c>).
    /// </summary>
    public async Task<IReadOnlyList<MarketoField>> DescribeLeadsAsync(CancellationToken cancellationToken)
    {
        var response = await _api.GetAsync(
            "describe", "rest/v1/leads/describe.json", MarketoJsonContext.Default.MarketoResponseDescribeFieldDto, cancellationToken).ConfigureAwait(false);
        return (response.Result ?? [])
            .Select(f => new MarketoField(f.Id, f.DisplayName ?? "", f.DataType ?? "string", f.Length, f.Rest?.Name, f.Rest?.ReadOnly ?? true))
            .ToList();
    }

    private static string Encode(string value) => Uri.EscapeDataString(value);

    private static string JoinEncoded(IEnumerable<string> values) => string.Join(',', values.Select(Encode));

    /// <summary>
    /// POSTs <paramref name="items"/> in calls of ≤ <see cref="MarketoOptions.BatchSize"/>, one after another, and
    /// returns one result per item in input order.
    /// </summary>
    private async Task<IReadOnlyList<MarketoRecordResult>> PostInBatchesAsync<TItem, TRequest>(
        string operation,
        string relativeUri,
        IReadOnlyList<TItem> items,
        Func<TItem[], TRequest> toRequest,
        JsonTypeInfo<TRequest> requestInfo,
        CancellationToken cancellationToken)
    {
        var results = new List<MarketoRecordResult>(items.Count);
        var batchNumber = 0;
        foreach (var batch in items.Chunk(_options.BatchSize))
        {
            var response = await _api.PostAsync(
                operation, relativeUri, toRequest(batch), requestInfo, MarketoJsonContext.Default.MarketoResponseRecordResultDto, cancellationToken).ConfigureAwait(false);
            var batchResults = ToRecordResults(response, results.Count, batch.Length);
            results.AddRange(batchResults);
            MarketoLog.BatchDone(_logger, operation, ++batchNumber, batch.Length, batchResults.Count(r => !r.Succeeded));
        }

        return results;
    }
}
