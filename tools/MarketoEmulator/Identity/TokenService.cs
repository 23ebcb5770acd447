using CrmSync.MarketoEmulator.Rest;

namespace CrmSync.MarketoEmulator.Identity;

/// <summary>
/// Issues and checks access tokens. Like Marketo, asking again while a token is still valid returns
/// the same token with its remaining lifetime; an unknown token is 601, an expired one 602.
/// </summary>
internal sealed class TokenService(MarketoEmulatorOptions options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _current = new(StringComparer.Ordinal);

    /// <summary>A token for valid credentials, or null.</summary>
    public (string Token, int ExpiresIn)? Issue(string? clientId, string? clientSecret)
    {
        if (clientId is null || clientSecret is null
            || !options.Clients.TryGetValue(clientId, out var secret) || !string.Equals(secret, clientSecret, StringComparison.Ordinal))
        {
            return null;
        }

        var now = options.TimeProvider.GetUtcNow();
        lock (_lock)
        {
            if (_current.TryGetValue(clientId, out var token) && _expiries[token] > now)
            {
                return (token, (int)(_expiries[token] - now).TotalSeconds);
            }

            token = $"{Guid.NewGuid()}:emu";
            _expiries[token] = now + options.TokenLifetime;
            _current[clientId] = token;
            return (token, (int)options.TokenLifetime.TotalSeconds);
        }
    }

    /// <summary>Null when the token is valid, else the 600/601/602 error.</summary>
    public MarketoReason? Check(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return MarketoErrors.EmptyAccessToken;
        }

        lock (_lock)
        {
            if (!_expiries.TryGetValue(token, out var expiry))
            {
                return MarketoErrors.AccessTokenInvalid;
            }

            return expiry > options.TimeProvider.GetUtcNow() ? null : MarketoErrors.AccessTokenExpired;
        }
    }
}
