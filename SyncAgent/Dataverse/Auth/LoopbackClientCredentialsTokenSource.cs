using System.Net.Http.Json;

namespace CrmSync.SyncAgent.Dataverse.Auth;

/// <summary>
/// OAuth 2.0 client credentials against an http token endpoint on a loopback host — the Dataverse emulator's
/// <c>{authority}/oauth2/v2.0/token</c> — because MSAL refuses http authorities. Real clouds always go through
/// <see cref="MsalTokenSource"/>. The token is cached and renewed five minutes before it expires (or at half its
/// lifetime when that is shorter), measured on the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class LoopbackClientCredentialsTokenSource : DataverseTokenSource
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly HttpClient _http;
    private readonly TimeProvider _timeProvider;
    private readonly Uri _tokenEndpoint;
    private readonly Dictionary<string, string> _form;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _renewAt;

    public LoopbackClientCredentialsTokenSource(DataverseOptions options, Uri authority, HttpClient http, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!DataverseOptions.IsLoopbackHttp(authority))
        {
            throw new ArgumentException("Only an http loopback authority is served without MSAL.", nameof(authority));
        }

        _http = http;
        _timeProvider = timeProvider;
        _tokenEndpoint = new Uri(authority.AbsoluteUri.TrimEnd('/') + "/oauth2/v2.0/token");
        var url = options.Url ?? throw new ArgumentException("Url is required.", nameof(options));
        _form = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = options.ClientId ?? "",
            ["client_secret"] = options.ClientSecret ?? "",
            ["scope"] = url.GetLeftPart(UriPartial.Authority) + "/.default",
        };
    }

    /// <inheritdoc />
    public override async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_token is { } cached && _timeProvider.GetUtcNow() < _renewAt)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token is { } fresh && _timeProvider.GetUtcNow() < _renewAt)
            {
                return fresh;
            }

            using var content = new FormUrlEncodedContent(_form);
            using var response = await _http.PostAsync(_tokenEndpoint, content, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new Http.DataverseException($"The token endpoint {_tokenEndpoint} answered {(int)response.StatusCode}.");
            }

            var token = await response.Content.ReadFromJsonAsync(DataverseJsonContext.Default.TokenResponse, cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrEmpty(token?.AccessToken))
            {
                throw new Http.DataverseException($"The token endpoint {_tokenEndpoint} returned no access_token.");
            }

            var lifetime = TimeSpan.FromSeconds(Math.Max(0, token.ExpiresIn ?? 0));
            var margin = lifetime < RefreshMargin * 2 ? lifetime / 2 : RefreshMargin;
            _renewAt = _timeProvider.GetUtcNow() + lifetime - margin;
            _token = token.AccessToken;
            return _token;
        }
        finally
        {
            _gate.Release();
        }
    }
}
