using System.Net;
using Microsoft.Identity.Client;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Dataverse.Auth;

namespace CrmSync.SyncAgent.Tests.Dataverse;

// Client credentials for Dataverse: scope "<environment url>/.default"
// (learn.microsoft.com/power-apps/developer/data-platform/authenticate-oauth). MSAL only accepts https authorities, so
// its HTTP calls are routed to a fake handler through IMsalHttpClientFactory instead of a loopback http server.
public class MsalTokenSourceTests
{
    private sealed class RoutedFactory(HttpMessageHandler handler) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => new(handler, disposeHandler: false);
    }

    private static DataverseOptions Options() => new()
    {
        Url = new Uri(DataverseTestHost.OrgUrl),
        ClientId = "11111111-2222-3333-4444-555555555555",
        ClientSecret = "s3cret",
        Authority = new Uri("https://login.example.test/contoso-tenant/"),
    };

    private static HttpResponseMessage Token(string token, int expiresIn) => FakeDataverseHandler.Json(
        $$"""{"token_type":"Bearer","expires_in":{{expiresIn}},"ext_expires_in":{{expiresIn}},"access_token":"{{token}}"}""");

    [Fact]
    public async Task GetTokenAsync_ClientCredentials_PostsScopeAndCachesToken()
    {
        var handler = new FakeDataverseHandler().Enqueue(_ => Token("token-1", 3600));
        var sut = new MsalTokenSource(Options(), new RoutedFactory(handler));

        var first = await sut.GetTokenAsync(CancellationToken.None);
        var second = await sut.GetTokenAsync(CancellationToken.None);

        Assert.Equal("token-1", first);
        Assert.Equal("token-1", second);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("https://login.example.test/contoso-tenant/oauth2/v2.0/token", request.Uri.GetLeftPart(UriPartial.Path));
        var form = System.Web.HttpUtility.ParseQueryString(request.BodyText);
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal("https://org.example.crm.dynamics.com/.default", form["scope"]);
        Assert.Equal("11111111-2222-3333-4444-555555555555", form["client_id"]);
        Assert.Equal("s3cret", form["client_secret"]);
    }

    [Fact]
    public async Task GetTokenAsync_TokenAboutToExpire_RefreshedBeforeUse()
    {
        // MSAL treats a token expiring within five minutes as stale, so a 60-second token is replaced on next use.
        var handler = new FakeDataverseHandler().Enqueue(_ => Token("short-lived", 60)).Enqueue(_ => Token("fresh", 3600));
        var sut = new MsalTokenSource(Options(), new RoutedFactory(handler));

        Assert.Equal("short-lived", await sut.GetTokenAsync(CancellationToken.None));
        Assert.Equal("fresh", await sut.GetTokenAsync(CancellationToken.None));
        Assert.Equal("fresh", await sut.GetTokenAsync(CancellationToken.None));
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task DataverseClient_WithMsal_SendsAcquiredBearerToken()
    {
        var tokens = new FakeDataverseHandler().Enqueue(_ => Token("msal-token", 3600));
        var api = new FakeDataverseHandler().EnqueueJson("""{"BusinessUnitId":"6f202e6c-e471-ec11-8f8f-000d3a5a8f15","UserId":"b08b46b6-5fce-4bf8-a2b6-4f1d67c3a9c6","OrganizationId":"883278f5-07af-45eb-a0bc-3fea67caa544"}""");
        var client = DataverseTestHost.CreateClient(
            new HttpClient(api), DataverseTokenSource.Create(Options(), msalHttpClientFactory: new RoutedFactory(tokens)), Options());

        await client.WhoAmIAsync(CancellationToken.None);

        Assert.Equal("Bearer msal-token", Assert.Single(api.Requests).Header("Authorization"));
    }

    [Fact]
    public void MsalTokenSource_HttpAuthority_RejectedByMsal()
    {
        // Why a plain-http loopback token server cannot stand in for Entra ID: MSAL refuses the authority outright.
        var options = Options();
        options.Authority = new Uri("http://127.0.0.1:5000/tenant/");

        var error = Assert.Throws<ArgumentException>(() => new MsalTokenSource(options));

        Assert.Contains("HTTPS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_StaticTokenConfigured_UsesStaticToken()
    {
        var source = DataverseTokenSource.Create(new DataverseOptions { Url = new Uri(DataverseTestHost.OrgUrl), AccessToken = "abc" });

        Assert.IsType<StaticTokenSource>(source);
    }

    [Theory]
    [InlineData(null, "s", "t", null, "CrmSync:Dataverse:ClientId is required")]
    [InlineData("c", "s", null, null, "TenantId")]
    [InlineData("c", "s", null, "http://login.example.test/tenant", "must be an https URL")]
    public void Validate_IncompleteClientCredentials_ExplainsWhatIsMissing(string? clientId, string? secret, string? tenant, string? authority, string expected)
    {
        var options = new DataverseOptions
        {
            Url = new Uri(DataverseTestHost.OrgUrl),
            ClientId = clientId,
            ClientSecret = secret,
            TenantId = tenant,
            Authority = authority is null ? null : new Uri(authority),
        };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.Contains(errors, e => e.ErrorMessage!.Contains(expected, StringComparison.Ordinal));
    }
}
