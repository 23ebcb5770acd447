using Microsoft.Identity.Client;

namespace CrmSync.SyncAgent.Dataverse.Auth;

/// <summary>
/// Client credentials through MSAL for scope <c>&lt;org url&gt;/.default</c>. MSAL keeps the token in its in-memory
/// app token cache and only calls the token endpoint when the cached token is missing or expires within five
/// minutes, so the token is refreshed before it expires.
/// </summary>
/// <remarks>
/// MSAL rejects authorities that are not https, so a test token server must speak https or be reached through
/// <see cref="IMsalHttpClientFactory"/> (which the tests use to route MSAL's calls to a fake handler).
/// </remarks>
internal sealed class MsalTokenSource : DataverseTokenSource
{
    private readonly IConfidentialClientApplication _app;
    private readonly string[] _scopes;

    public MsalTokenSource(DataverseOptions options, IMsalHttpClientFactory? httpClientFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var url = options.Url ?? throw new ArgumentException("Url is required.", nameof(options));
        _scopes = [url.GetLeftPart(UriPartial.Authority) + "/.default"];

        var builder = ConfidentialClientApplicationBuilder.Create(options.ClientId)
            .WithClientSecret(options.ClientSecret);
        builder = options.ResolveAuthority() is { } authority
            // An explicit authority (sovereign cloud, test server) is trusted as given: no discovery round trip.
            ? builder.WithAuthority(authority.AbsoluteUri, validateAuthority: false).WithInstanceDiscovery(false)
            : builder.WithAuthority(AzureCloudInstance.AzurePublic, options.TenantId);
        if (httpClientFactory is not null)
        {
            builder = builder.WithHttpClientFactory(httpClientFactory);
        }

        _app = builder.Build();
    }

    /// <inheritdoc />
    public override async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var result = await _app.AcquireTokenForClient(_scopes).ExecuteAsync(cancellationToken).ConfigureAwait(false);
        return result.AccessToken;
    }
}
