using CrmSync.SyncAgent.Marketo;

namespace CrmSync.SyncAgent.Tests.Marketo.Emulator;

/// <summary>
/// The connector's client-side limits against the emulator's real ones: 100 calls per 20 s (606), 10 concurrent
/// (615), the daily quota (607) (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/marketo-integration-best-practices,
/// https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/error-codes).
/// </summary>
public sealed class EmulatorLimitsContractTests
{
    [Fact]
    public async Task Describe_250CallsFrom10Workers_NeverRefusedBy606Or615()
    {
        await using var sut = await ConnectorOnEmulator.StartAsync();

        await sut.DriveAsync(() => Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await sut.Client.DescribeLeadsAsync(CancellationToken.None);
            }
        }))));

        var counters = sut.Admin.GetCounters();
        Assert.Equal(250, counters.SuccessfulCalls);
        Assert.Equal(0, counters.ErrorCalls);
        Assert.Equal(0, sut.Client.Usage.RateLimited);
    }

    [Fact]
    public async Task Describe_ServerCountsACallLaterThanItStarted_ClientWindowStillAvoids606()
    {
        // A sliding window counted by the server when a call arrives: the client cannot know when that was, only that
        // it was before the answer came back. Scaled down to 5 calls per 20 s on both sides.
        await using var sut = await ConnectorOnEmulator.StartAsync(
            new Dictionary<string, string?> { ["MaxCallsPerWindow"] = "5", ["RateWindow"] = "00:00:20" },
            o =>
            {
                o.Limits.RateLimitCalls = 5;
                o.Limits.RateLimitWindow = TimeSpan.FromSeconds(20);
            });
        sut.Admin.Faults.Delay = TimeSpan.FromSeconds(10); // holds the first call 10 s before the emulator counts it

        var first = sut.Client.DescribeLeadsAsync(CancellationToken.None);
        Assert.Equal(TimeSpan.FromSeconds(10), await sut.Time.NextTimerAsync());
        sut.Admin.Faults.Clear();
        sut.Time.Advance(TimeSpan.FromSeconds(10));
        await first.WaitAsync(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 4; i++)
        {
            await sut.Client.DescribeLeadsAsync(CancellationToken.None);
        }

        sut.Time.Advance(TimeSpan.FromSeconds(10)); // 20 s after the first call started, 10 s after the emulator counted it
        await sut.DriveAsync(() => sut.Client.DescribeLeadsAsync(CancellationToken.None));

        Assert.Equal(0, sut.ErrorCount("606"));
        Assert.Equal(6, sut.Admin.GetCounters().SuccessfulCalls);
    }

    [Fact]
    public async Task Describe_30ConcurrentSlowCalls_ConcurrencyLimiterKeepsTheEmulatorAt10InFlightWithout615()
    {
        await using var sut = await ConnectorOnEmulator.StartAsync();
        sut.Admin.Faults.Delay = TimeSpan.FromSeconds(1);

        var calls = Task.WhenAll(Enumerable.Range(0, 30).Select(_ => Task.Run(() => sut.Client.DescribeLeadsAsync(CancellationToken.None))));
        await sut.Admin.WaitForDelayedCallsAsync(10).WaitAsync(TimeSpan.FromSeconds(10));
        var inFlightAtPeak = sut.Admin.InFlightCalls;
        await sut.Time.DriveAsync(calls);

        Assert.Equal(10, inFlightAtPeak);
        Assert.Equal(0, sut.ErrorCount("615"));
        Assert.Equal(30, sut.Admin.GetCounters().SuccessfulCalls);
    }

    [Fact]
    public async Task Describe_DailyQuotaReached_Throws607AndTheSameCallSucceedsOnTheNextQuotaDay()
    {
        await using var sut = await ConnectorOnEmulator.StartAsync(configureEmulator: o => o.Limits.DailyQuota = 3);
        for (var i = 0; i < 3; i++)
        {
            await sut.Client.DescribeLeadsAsync(CancellationToken.None);
        }

        var error = await Assert.ThrowsAsync<MarketoQuotaExceededException>(() => sut.Client.DescribeLeadsAsync(CancellationToken.None));
        sut.Time.Advance(TimeSpan.FromHours(17) + TimeSpan.FromMinutes(59)); // 2025-03-05 05:59 UTC = 23:59 CST: same quota day
        await Assert.ThrowsAsync<MarketoQuotaExceededException>(() => sut.Client.DescribeLeadsAsync(CancellationToken.None));
        sut.Time.Advance(TimeSpan.FromMinutes(1)); // midnight CST: the quota resets
        var fields = await sut.Client.DescribeLeadsAsync(CancellationToken.None);

        Assert.Equal("607", error.Code);
        Assert.NotEmpty(fields);
        Assert.Equal(2, sut.ErrorCount("607"));
        Assert.Equal(1, sut.Admin.GetCounters().QuotaUsedToday);
        Assert.Equal(new DateOnly(2025, 3, 5), sut.Client.Usage.QuotaDay);
    }
}
