using Microsoft.Extensions.Time.Testing;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Dataverse.Auth;

namespace CrmSync.SyncAgent.Tests.Dataverse;

// OAuth 2.0 client credentials grant (RFC 6749 §4.4) against the emulator's http token endpoint, which MSAL refuses.
public class LoopbackClientCredentialsTokenSourceTests
{
    private static DataverseOptions Options(string? authority = null) => new()
    {
        Url = new Uri("http://127.0.0.1:5555"),
        TenantId = "tenant-1",
        ClientId = "crmsync-sync",
        ClientSecret = "crmsync-sync-secret",
        Authority = authority is null ? null : new Uri(authority),
    };

    private static HttpResponseMessage Token(string token, int expiresIn) =>
        FakeDataverseHandler.Json($$"""{"token_type":"Bearer","expires_in":{{expiresIn}},"access_token":"{{token}}"}""");

    [Fact]
    public void ResolveAuthority_LoopbackUrlWithoutAuthority_IsTheEmulatorTenantEndpoint()
    {
        Assert.Equal(new Uri("http://127.0.0.1:5555/tenant-1/"), Options().ResolveAuthority());
    }

    [Fact]
    public void ResolveAuthority_CloudUrl_NullSoMsalUsesPublicCloud()
    {
        var options = Options();
        options.Url = new Uri("https://org.crm.dynamics.com");

        Assert.Null(options.ResolveAuthority());
        Assert.IsType<MsalTokenSource>(DataverseTokenSource.Create(options));
    }

    [Fact]
    public async Task GetTokenAsync_CachedUntilFiveMinutesBeforeExpiry_ThenRenewed()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
        var handler = new FakeDataverseHandler().Enqueue(_ => Token("t1", 3600)).Enqueue(_ => Token("t2", 3600));
        var sut = DataverseTokenSource.Create(Options(), time, new HttpClient(handler));

        Assert.IsType<LoopbackClientCredentialsTokenSource>(sut);
        Assert.Equal("t1", await sut.GetTokenAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromMinutes(54));
        Assert.Equal("t1", await sut.GetTokenAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("t2", await sut.GetTokenAsync(CancellationToken.None));

        Assert.Equal(2, handler.Requests.Count);
        var request = handler.Requests[0];
        Assert.Equal("http://127.0.0.1:5555/tenant-1/oauth2/v2.0/token", request.Uri.AbsoluteUri);
        var form = System.Web.HttpUtility.ParseQueryString(request.BodyText);
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal("crmsync-sync", form["client_id"]);
        Assert.Equal("crmsync-sync-secret", form["client_secret"]);
        Assert.Equal("http://127.0.0.1:5555/.default", form["scope"]);
    }

    [Fact]
    public async Task GetTokenAsync_EndpointRefuses_ThrowsWithoutLeakingSecret()
    {
        var handler = new FakeDataverseHandler().EnqueueJson("""{"error":"invalid_client"}""", System.Net.HttpStatusCode.Unauthorized);
        var sut = DataverseTokenSource.Create(Options("http://127.0.0.1:5555/other/"), TimeProvider.System, new HttpClient(handler));

        var error = await Assert.ThrowsAsync<CrmSync.SyncAgent.Dataverse.Http.DataverseException>(() => sut.GetTokenAsync(CancellationToken.None).AsTask());

        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("crmsync-sync-secret", error.Message, StringComparison.Ordinal);
        Assert.Equal("http://127.0.0.1:5555/other/oauth2/v2.0/token", Assert.Single(handler.Requests).Uri.AbsoluteUri);
    }
}
