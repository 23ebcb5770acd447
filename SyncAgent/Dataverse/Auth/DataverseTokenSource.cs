namespace CrmSync.SyncAgent.Dataverse.Auth;

/// <summary>Supplies the bearer token for Dataverse requests.</summary>
internal abstract class DataverseTokenSource
{
    /// <summary>Returns a token valid for at least the next request; implementations cache and refresh it.</summary>
    public abstract ValueTask<string> GetTokenAsync(CancellationToken cancellationToken);

    /// <summary>Creates the source the options ask for: the static token if set, else MSAL client credentials.</summary>
    public static DataverseTokenSource Create(DataverseOptions options, Microsoft.Identity.Client.IMsalHttpClientFactory? httpClientFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.UsesClientCredentials
            ? new MsalTokenSource(options, httpClientFactory)
            : new StaticTokenSource(options.AccessToken!);
    }
}
