using System.Net;
using System.Net.Http.Json;
using CrmSync.SyncAgent.Marketo.Wire;
using Microsoft.Extensions.Logging;

namespace CrmSync.SyncAgent.Marketo;

/// <summary>
/// Obtains, caches and renews the access token with client credentials
/// (<c>GET {BaseUrl}/identity/oauth/token?grant_type=client_credentials&amp;client_id=..&amp;client_secret=..</c>,
/// https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/authentication).
/// One request at a time renews; callers share the cached token.
/// </summary>
internal sealed class MarketoTokenProvider : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _root;
    private readonly MarketoOptions _options;
    private readonly TimeProvider _time;
    private readonly MarketoCallCounter _counter;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _renewal = new(1, 1);
    private volatile CachedToken? _cached;

    public MarketoTokenProvider(HttpClient http, Uri root, MarketoOptions options, TimeProvider time, MarketoCallCounter counter, ILogger logger)
    {
        _http = http;
        _root = root;
        _options = options;
        _time = time;
        _counter = counter;
        _logger = logger;
    }

    /// <summary>A token valid for at least the refresh margin, from the cache or freshly obtained.</summary>
    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var cached = _cached;
        if (cached is not null && _time.GetUtcNow() < cached.RenewAt)
        {
            return cached.Token;
        }

        await _renewal.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            cached = _cached;
            if (cached is not null && _time.GetUtcNow() < cached.RenewAt)
            {
                return cached.Token;
            }

            var fresh = await RequestTokenAsync(cancellationToken).ConfigureAwait(false);
            _cached = fresh;
            return fresh.Token;
        }
        finally
        {
            _renewal.Release();
        }
    }

    /// <summary>Forgets <paramref name="token"/> after Marketo answered 601/602 for it.</summary>
    public void Invalidate(string token)
    {
        var cached = _cached;
        if (cached is not null && cached.Token == token)
        {
            _cached = null;
        }
    }

    public void Dispose() => _renewal.Dispose();

    private async Task<CachedToken> RequestTokenAsync(CancellationToken cancellationToken)
    {
        var uri = new Uri(
            _root,
            "identity/oauth/token?grant_type=client_credentials"
                + "&client_id=" + Uri.EscapeDataString(_options.ClientId)
                + "&client_secret=" + Uri.EscapeDataString(_options.ClientSecret));
        _counter.IdentityCall();
        using var response = await _http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            // Documented: identity answers 401 for an invalid client id or secret. Not retried.
            throw new MarketoApiException("HTTP 401", "Marketo identity rejected the client id or secret.");
        }

        if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout)
        {
            throw new MarketoTransientException($"HTTP {(int)response.StatusCode}", "Marketo identity endpoint unavailable.");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new MarketoApiException($"HTTP {(int)response.StatusCode}", "Marketo identity call failed.");
        }

        var body = await response.Content.ReadFromJsonAsync(MarketoJsonContext.Default.TokenResponse, cancellationToken).ConfigureAwait(false);
        // expires_in is the remaining life in whole seconds: a token asked for again in its last second comes back
        // with 0 and is still valid, so 0 is accepted (used for this call only; a late arrival gets 602 and re-auths).
        if (body?.AccessToken is not { Length: > 0 } token || body.ExpiresIn < 0)
        {
            throw new MarketoApiException("identity", "Marketo identity response had no access token.");
        }

        MarketoLog.TokenObtained(_logger, body.ExpiresIn);
        var lifetime = TimeSpan.FromSeconds(body.ExpiresIn);
        // Asking again before expiry returns the same token with its remaining life (authentication page), so a
        // token already inside the margin is used to its end; a 602 then triggers the re-authentication.
        var usable = lifetime > _options.TokenRefreshMargin ? lifetime - _options.TokenRefreshMargin : lifetime;
        return new CachedToken(token, _time.GetUtcNow() + usable);
    }

    private sealed record CachedToken(string Token, DateTimeOffset RenewAt);
}
