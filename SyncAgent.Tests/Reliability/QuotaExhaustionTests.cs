using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.Tests.EndToEnd;
using Microsoft.Extensions.Time.Testing;

namespace CrmSync.SyncAgent.Tests.Reliability;

/// <summary>
/// Quota exhaustion (issue 7): Marketo's daily quota (607) runs out during a cycle. Before the commit the cycle stops
/// cleanly with nothing committed, and cycles later that day stop the same way; after the commit the cycle stays
/// completed and its notices wait. The first cycle of the next day (one fake clock shared by the Marketo emulator and
/// the agent) finishes everything with nothing lost. The cycle's own Marketo calls before its commit are two lead-change
/// pages and one Sync Leads, so 0–2 calls left stops it mid-cycle.
/// </summary>
public sealed class QuotaExhaustionTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Cycle_QuotaRunsOutBeforeCommit_StopsWithNothingCommittedAndNextDayCompletes(int callsLeft)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero));
        await using var sut = await SyncHarness.StartAsync(time: time);
        var scenario = await PendingAsync(sut);
        var token = await sut.State.GetCursorAsync(CursorNames.MarketoPagingToken);
        var links = await sut.State.CountLinksAsync();
        var staged = sut.StagingRowCount;
        LeaveCalls(sut, callsLeft);

        var stopped = await sut.RunCycleAsync();
        time.Advance(TimeSpan.FromHours(2));
        var sameDay = await sut.RunCycleAsync();

        foreach (var report in new[] { stopped, sameDay })
        {
            Assert.Equal(CycleOutcome.Stopped, report.Record.Outcome);
            Assert.Contains("quota", report.Record.Message, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(token, await sut.State.GetCursorAsync(CursorNames.MarketoPagingToken));
        Assert.Equal((links, staged), (await sut.State.CountLinksAsync(), sut.StagingRowCount));
        Assert.Empty(await sut.State.SearchRejectionsAsync(new RejectionQuery()));

        await NextDayAsync(sut, time, scenario);
    }

    [Fact]
    public async Task Cycle_QuotaRunsOutAfterCommit_StaysCompletedAndNextDaySendsTheNotices()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero));
        await using var sut = await SyncHarness.StartAsync(time: time);
        var scenario = await PendingAsync(sut);

        // Before the commit: read lead changes and Merge Leads activities (B17), look up who holds the created record's
        // e-mail (issue 18), Sync Leads.
        LeaveCalls(sut, 5);

        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.NotEmpty(await sut.State.GetMarkersAsync());
        await NextDayAsync(sut, time, scenario);
    }

    private static async Task<MixedScenario> PendingAsync(SyncHarness sut)
    {
        var scenario = new MixedScenario(sut, "quota");
        await scenario.SeedAsync();
        scenario.MakeChanges();
        return scenario;
    }

    /// <summary>Other integrations have used all but <paramref name="left"/> of today's calls.</summary>
    private static void LeaveCalls(SyncHarness sut, int left) =>
        sut.Marketo.Admin.Limits.DailyQuota = sut.Marketo.Admin.GetCounters().QuotaUsedToday + left;

    private static async Task NextDayAsync(SyncHarness sut, FakeTimeProvider time, MixedScenario scenario)
    {
        Assert.True(sut.Marketo.Admin.GetCounters().ErrorsByCode.GetValueOrDefault("607") >= 1);
        time.Advance(TimeSpan.FromDays(1));
        sut.Marketo.Admin.Limits.DailyQuota = 50_000; // a new day: the other integrations' share is back too
        var nextDay = await sut.RunCycleAsync();
        var idle = await sut.RunCycleAsync();

        Assert.True(nextDay.Completed, nextDay.Record.Message);
        Assert.Equal((CycleOutcome.Completed, 0, 0), (idle.Record.Outcome, idle.Record.CrmWritten, idle.Record.MarketoWritten));
        await scenario.AssertConvergedAsync();
    }
}
