using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.Tests.EndToEnd;
using Microsoft.Extensions.Time.Testing;

namespace CrmSync.SyncAgent.Tests.Reliability;

/// <summary>
/// Issue 12 item 6: a stop before the commit says what was committed. A first run saves the Marketo paging token and
/// each finished backfill page in their own transactions before the cycle's commit; when Marketo's daily quota (607)
/// runs out after them, the stop message names what was saved instead of claiming that nothing was.
/// </summary>
public sealed class FirstRunStopTests
{
    [Fact]
    public async Task FirstRun_QuotaRunsOutAfterTheBackfill_StopMessageNamesTheSavedTokenAndLinks()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero));
        await using var sut = await SyncHarness.StartAsync(time: time);
        sut.CreateAsMaker("lead", ("lastname", "Lovelace"), ("emailaddress1", "ada@example.com"));
        sut.CreateAsMaker("contact", ("lastname", "Hopper"), ("emailaddress1", "grace@example.com"));
        // Five calls: Get Paging Token, then per backfilled table the e-mail holders' lookup (issue 18) and one Sync
        // Leads; reading lead changes hits 607.
        sut.Marketo.Admin.Limits.DailyQuota = sut.Marketo.Admin.GetCounters().QuotaUsedToday + 5;

        var stopped = await sut.RunCycleAsync();

        Assert.Equal(CycleOutcome.Stopped, stopped.Record.Outcome);
        Assert.NotNull(await sut.State.GetCursorAsync(CursorNames.MarketoPagingToken));
        Assert.Equal(2, await sut.State.CountLinksAsync());
        Assert.Equal(
            "Marketo daily API quota reached (607); the cycle stopped cleanly before its commit; this first run had already saved the Marketo paging token and 2 link(s) from finished backfill pages, which stay; the rest of its changes were not committed. It resumes when the quota resets.",
            stopped.Record.Message);
        Assert.DoesNotContain("nothing was committed", stopped.Record.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LaterCycle_QuotaRunsOutBeforeCommit_StopMessageSaysNoneOfItsChangesWereCommitted()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero));
        await using var sut = await SyncHarness.StartAsync(time: time);
        sut.CreateAsMaker("lead", ("lastname", "Lovelace"), ("emailaddress1", "ada@example.com"));
        await sut.RunCycleAsync();
        sut.Marketo.Admin.Limits.DailyQuota = sut.Marketo.Admin.GetCounters().QuotaUsedToday;

        var stopped = await sut.RunCycleAsync();

        Assert.Equal(CycleOutcome.Stopped, stopped.Record.Outcome);
        Assert.Equal(
            "Marketo daily API quota reached (607); the cycle stopped cleanly before its commit; none of its changes were committed. It resumes when the quota resets.",
            stopped.Record.Message);
    }
}
