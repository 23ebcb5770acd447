namespace CrmSync.SyncAgent.Dataverse.Auth;

/// <summary>Supplies the bearer token for Dataverse requests.</summary>
internal abstract class DataverseTokenSource
{
    /// <summary>Returns a token valid for at least the next request; implementations cache and refresh it.</summary>
    public abstract ValueTask<string> GetTokenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Creates the source the options ask for: the static token if set; else client credentials through MSAL, or,
    /// for an http loopback authority (the emulator), through <see cref="LoopbackClientCredentialsTokenSource"/>
    /// using <paramref name="loopbackHttp"/>.
    /// </summary>
    public static DataverseTokenSource Create(
        DataverseOptions options,
        TimeProvider? timeProvider = null,
        HttpClient? loopbackHttp = null,
        Microsoft.Identity.Client.IMsalHttpClientFactory? msalHttpClientFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.UsesClientCredentials)
        {
            return new StaticTokenSource(options.AccessToken!);
        }

        return options.ResolveAuthority() is { } authority && DataverseOptions.IsLoopbackHttp(authority)
            ? new LoopbackClientCredentialsTokenSource(options, authority, loopbackHttp ?? new HttpClient(), timeProvider ?? TimeProvider.System)
            : new MsalTokenSource(options, msalHttpClientFactory);
    }
}
