using System.Net;
using CrmSync.SyncAgent.Marketo;

namespace CrmSync.SyncAgent.Tests.Marketo;

/// <summary>Token handling per https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/authentication.</summary>
public sealed class MarketoAuthenticationTests
{
    private const string Describe = "/rest/v1/leads/describe.json";

    [Fact]
    public async Task Call_FirstCall_FetchesTokenWithClientCredentialsAndSendsBearerHeader()
    {
        using var host = new MarketoTestHost();
        host.Handler.OnJson(Describe, MarketoDocSamples.Describe);

        await host.Client.DescribeLeadsAsync(CancellationToken.None);

        var identity = Assert.Single(host.Handler.Identity);
        Assert.Equal("/identity/oauth/token", identity.Path);
        Assert.Equal("client_credentials", identity.Query("grant_type"));
        Assert.Equal("client-id", identity.Query("client_id"));
        Assert.Equal("s3cr&t=value", identity.Query("client_secret"));
        var rest = Assert.Single(host.Handler.Rest);
        Assert.Equal("Bearer tok-1", rest.Authorization);
        Assert.DoesNotContain("access_token", rest.Uri.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_TokenStillValid_ReusesCachedToken()
    {
        using var host = new MarketoTestHost();
        host.Handler.OnJson(Describe, MarketoDocSamples.Describe);

        await host.Client.DescribeLeadsAsync(CancellationToken.None);
        host.Time.Advance(TimeSpan.FromMinutes(50));
        await host.Client.DescribeLeadsAsync(CancellationToken.None);

        Assert.Single(host.Handler.Identity);
        Assert.All(host.Handler.Rest, r => Assert.Equal("Bearer tok-1", r.Authorization));
    }

    [Fact]
    public async Task Call_TokenWithinRefreshMargin_RenewsBeforeExpiry()
    {
        using var host = new MarketoTestHost(o => o.TokenRefreshMargin = TimeSpan.FromSeconds(60));
        host.Handler.OnJson(Describe, MarketoDocSamples.Describe);

        await host.Client.DescribeLeadsAsync(CancellationToken.None);
        host.Time.Advance(TimeSpan.FromSeconds(3599 - 59)); // 59 s of life left, inside the 60 s margin
        await host.Client.DescribeLeadsAsync(CancellationToken.None);

        Assert.Equal(2, host.Handler.Identity.Count());
        Assert.Equal("Bearer tok-2", host.Handler.Rest.Last().Authorization);
    }

    [Fact]
    public async Task Call_IdentityReturnsShortRemainingLife_UsesItUntilExpiryInsteadOfRefetchingEveryCall()
    {
        // "If you call the Identity endpoint before your token has expired, the same token and the remaining
        // lifespan will be returned" — a token with 30 s left must not trigger an identity call per REST call.
        using var host = new MarketoTestHost(o => o.TokenRefreshMargin = TimeSpan.FromSeconds(60));
        host.Handler.TokenLifetimeSeconds = 30;
        host.Handler.OnJson(Describe, MarketoDocSamples.Describe);

        await host.Client.DescribeLeadsAsync(CancellationToken.None);
        await host.Client.DescribeLeadsAsync(CancellationToken.None);
        host.Time.Advance(TimeSpan.FromSeconds(31));
        await host.Client.DescribeLeadsAsync(CancellationToken.None);

        Assert.Equal(2, host.Handler.Identity.Count());
    }

    [Theory]
    [InlineData("601", "Access token invalid")]
    [InlineData("602", "Access token expired")]
    public async Task Call_TokenRejected_ReauthenticatesOnceAndReplays(string code, string message)
    {
        using var host = new MarketoTestHost();
        host.Handler.EnqueueJson(Describe, FakeMarketoHandler.Error(code, message));
        host.Handler.OnJson(Describe, MarketoDocSamples.Describe);

        var fields = await host.Client.DescribeLeadsAsync(CancellationToken.None);

        Assert.Single(fields);
        Assert.Equal(2, host.Handler.Identity.Count());
        Assert.Equal(["Bearer tok-1", "Bearer tok-2"], host.Handler.Rest.Select(r => r.Authorization));
    }

    [Fact]
    public async Task Call_TokenRejectedOnEveryAttempt_GivesUpAfterTheBoundedRetriesEachReauthenticating()
    {
        using var host = new MarketoTestHost(o => o.MaxTransientRetries = 2);
        host.Handler.OnJson(Describe, FakeMarketoHandler.Error("601", "Access token invalid"));

        var error = await Assert.ThrowsAsync<MarketoTransientException>(() => host.Client.DescribeLeadsAsync(CancellationToken.None));

        Assert.Equal("601", error.Code);
        Assert.Equal(6, host.Handler.Rest.Count()); // 3 attempts × (call + replay after re-authentication)
        Assert.Equal(6, host.Handler.Identity.Count());
    }

    [Fact]
    public async Task Call_ReplayAfterReauthenticationAnswered602_RetriedAndSucceeds()
    {
        // Identity returns the same token while it has life left (authentication page), so the replay can meet 602.
        using var host = new MarketoTestHost();
        host.Handler.EnqueueJson(Describe, FakeMarketoHandler.Error("602", "Access token expired"), FakeMarketoHandler.Error("602", "Access token expired"));
        host.Handler.OnJson(Describe, MarketoDocSamples.Describe);

        var fields = await host.Client.DescribeLeadsAsync(CancellationToken.None);

        Assert.NotEmpty(fields);
        Assert.Equal(3, host.Handler.Rest.Count());
    }

    [Fact]
    public async Task Call_IdentityAnswers401_ThrowsWithoutRetryingOrLeakingTheSecret()
    {
        // Error-codes page: the identity endpoint returns 401 for an invalid client id or secret.
        using var host = new MarketoTestHost(o => o.MaxTransientRetries = 3);
        host.Handler.On("/identity/oauth/token", _ => new HttpResponseMessage(HttpStatusCode.Unauthorized));

        var error = await Assert.ThrowsAsync<MarketoApiException>(() => host.Client.DescribeLeadsAsync(CancellationToken.None));

        Assert.Equal("HTTP 401", error.Code);
        Assert.DoesNotContain("s3cr", error.Message, StringComparison.Ordinal);
        Assert.Single(host.Handler.Identity);
        Assert.Empty(host.Handler.Rest);
    }

    [Fact]
    public async Task Usage_TokenErrors_AreNotCountedAgainstTheQuota()
    {
        // Error-codes page: calls answered 601/602/604/605/608/611 (marked *) do not count against the daily quota.
        using var host = new MarketoTestHost();
        host.Handler.EnqueueJson(Describe, FakeMarketoHandler.Error("602", "Access token expired"));
        host.Handler.OnJson(Describe, MarketoDocSamples.Describe);

        await host.Client.DescribeLeadsAsync(CancellationToken.None);

        var usage = host.Client.Usage;
        Assert.Equal(2, usage.RestCalls);
        Assert.Equal(1, usage.QuotaCalls);
        Assert.Equal(2, usage.IdentityCalls);
        Assert.Equal(new DateOnly(2025, 3, 4), usage.QuotaDay);
    }
}
