using CrmSync.MarketoEmulator.Faults;
using CrmSync.SyncAgent.Marketo;
using Microsoft.Extensions.Time.Testing;

namespace CrmSync.SyncAgent.Tests.Marketo.Emulator;

/// <summary>
/// The connector's token handling against the emulator's identity endpoint
/// (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/authentication; 601/602 on the
/// error-codes page, https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/error-codes).
/// </summary>
public sealed class EmulatorAuthenticationContractTests
{
    [Fact]
    public async Task Describe_DevClient_ObtainsOneTokenAndReusesIt()
    {
        await using var sut = await ConnectorOnEmulator.StartAsync();

        await sut.Client.DescribeLeadsAsync(CancellationToken.None);
        await sut.Client.DescribeLeadsAsync(CancellationToken.None);

        var counters = sut.Admin.GetCounters();
        Assert.Equal(1, counters.TokenRequests);
        Assert.Equal(2, counters.SuccessfulCalls);
        Assert.Equal(0, counters.ErrorCalls);
    }

    [Fact]
    public async Task Describe_TokenLifetimePassesOnTheSharedClock_RenewsBeforeExpiryWithoutA602()
    {
        await using var sut = await ConnectorOnEmulator.StartAsync();
        await sut.Client.DescribeLeadsAsync(CancellationToken.None);

        sut.Time.Advance(TimeSpan.FromSeconds(3600 - 30)); // inside the connector's 60 s refresh margin
        await sut.Client.DescribeLeadsAsync(CancellationToken.None);
        sut.Time.Advance(TimeSpan.FromSeconds(31)); // the emulator's token is now expired
        await sut.Client.DescribeLeadsAsync(CancellationToken.None);

        var counters = sut.Admin.GetCounters();
        // Asking early returns the same token with its remaining life (authentication page): the connector uses that
        // token to its end, then obtains a fresh one; it never sends an expired token.
        Assert.Equal(3, counters.TokenRequests);
        Assert.Equal(3, counters.SuccessfulCalls);
        Assert.Equal(0, sut.ErrorCount("602"));
    }

    [Fact]
    public async Task Describe_RenewalInTheTokensLastSecond_AcceptsExpiresInZeroAndCarriesOn()
    {
        // The identity endpoint answers an early request with the same token and its remaining life in whole seconds
        // (authentication page, "expires_in"), so a request in the token's last second is answered expires_in 0.
        await using var sut = await ConnectorOnEmulator.StartAsync();
        await sut.Client.DescribeLeadsAsync(CancellationToken.None);

        sut.Time.Advance(TimeSpan.FromSeconds(3599.5));
        await sut.Client.DescribeLeadsAsync(CancellationToken.None);
        sut.Time.Advance(TimeSpan.FromSeconds(1));
        await sut.Client.DescribeLeadsAsync(CancellationToken.None);

        var counters = sut.Admin.GetCounters();
        Assert.Equal(3, counters.SuccessfulCalls);
        Assert.Equal(0, counters.ErrorCalls);
        Assert.Equal(3, counters.TokenRequests);
    }

    [Fact]
    public async Task Describe_TokenExpiredBehindTheClientsBack_Gets602ReauthenticatesAndReplays()
    {
        var emulatorClock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 4, 12, 0, 0, TimeSpan.Zero));
        await using var sut = await ConnectorOnEmulator.StartAsync(emulatorTime: emulatorClock);
        await sut.Client.DescribeLeadsAsync(CancellationToken.None);

        emulatorClock.Advance(TimeSpan.FromHours(2)); // the connector's clock still says the token is young
        var fields = await sut.Client.DescribeLeadsAsync(CancellationToken.None);

        Assert.NotEmpty(fields);
        Assert.Equal(1, sut.ErrorCount("602"));
        Assert.Equal(2, sut.Admin.GetCounters().TokenRequests);
        Assert.Equal(2, sut.Admin.GetCounters().SuccessfulCalls);
    }

    [Fact]
    public async Task Describe_Answered601Once_ReauthenticatesAndReplays()
    {
        await using var sut = await ConnectorOnEmulator.StartAsync();
        await sut.Client.DescribeLeadsAsync(CancellationToken.None);
        // Hold the call that draws the 601 in an injected delay, then switch faults off before it answers, so only
        // that one call is refused.
        sut.Admin.Faults.Kinds = MarketoFaultKinds.AccessTokenInvalid;
        sut.Admin.Faults.Rate = 1;
        sut.Admin.Faults.Delay = TimeSpan.FromSeconds(1);

        var call = sut.Client.DescribeLeadsAsync(CancellationToken.None);
        await sut.Admin.WaitForDelayedCallsAsync(1).WaitAsync(TimeSpan.FromSeconds(10));
        sut.Admin.Faults.Clear();
        sut.Time.Advance(TimeSpan.FromSeconds(1));
        var fields = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.NotEmpty(fields);
        Assert.Equal(1, sut.ErrorCount("601"));
        Assert.Equal(2, sut.Admin.GetCounters().TokenRequests);
    }

    [Fact]
    public async Task Describe_EveryCallAnswered601_GivesUpAfterTheBoundedRetries()
    {
        await using var sut = await ConnectorOnEmulator.StartAsync(new Dictionary<string, string?> { ["MaxTransientRetries"] = "1" });
        sut.Admin.Faults.Kinds = MarketoFaultKinds.AccessTokenInvalid;
        sut.Admin.Faults.Rate = 1;

        var error = await Assert.ThrowsAsync<MarketoTransientException>(() => sut.DriveAsync(() => sut.Client.DescribeLeadsAsync(CancellationToken.None)));

        Assert.Equal("601", error.Code);
        Assert.Equal(4, sut.ErrorCount("601")); // 2 attempts × (call + replay after re-authentication)
        Assert.Equal(0, sut.Admin.GetCounters().SuccessfulCalls);
    }

    [Fact]
    public async Task Describe_WrongSecret_IdentityAnswers401AndNoRestCallIsMade()
    {
        await using var sut = await ConnectorOnEmulator.StartAsync(new Dictionary<string, string?> { ["ClientSecret"] = "not-the-secret" });

        var error = await Assert.ThrowsAsync<MarketoApiException>(() => sut.Client.DescribeLeadsAsync(CancellationToken.None));

        Assert.Equal("HTTP 401", error.Code);
        Assert.Equal(0, sut.Admin.GetCounters().TotalCalls);
    }
}
