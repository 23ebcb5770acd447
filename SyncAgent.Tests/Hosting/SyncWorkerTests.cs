using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Hosting;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.Tests.EndToEnd;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CrmSync.SyncAgent.Tests.Hosting;

/// <summary>The service loop (B1): a cycle, then the interval from the end of one cycle to the start of the next.</summary>
public sealed class SyncWorkerTests
{
    [Fact]
    public async Task ExecuteAsync_IntervalElapses_RunsTheNextCycleOnlyThen()
    {
        await using var harness = await SyncHarness.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var interval = TimeSpan.FromMinutes(5);
        using var worker = new SyncWorker(harness.Cycle, harness.State, new StateHealth(), Options.Create(new SyncOptions { Interval = interval }), clock, NullLogger<SyncWorker>.Instance);

        await worker.StartAsync(CancellationToken.None);
        await WaitForCyclesAsync(harness.State, 1);
        clock.Advance(interval - TimeSpan.FromSeconds(1));
        await Task.Delay(200);
        var beforeInterval = (await harness.State.GetRecentCyclesAsync(10)).Count;
        clock.Advance(TimeSpan.FromSeconds(1));
        await WaitForCyclesAsync(harness.State, 2);
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal(1, beforeInterval);
        var cycles = await harness.State.GetRecentCyclesAsync(10);
        Assert.Equal(2, cycles.Count);
        Assert.All(cycles, c => Assert.Equal(CycleOutcome.Completed, c.Outcome));
    }

    [Fact]
    public async Task ExecuteAsync_CycleFails_LogsAndRunsAgainAfterTheInterval()
    {
        await using var harness = await SyncHarness.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        harness.Dataverse.Admin.FailNextRequests(50, 500);
        using var worker = new SyncWorker(harness.Cycle, harness.State, new StateHealth(), Options.Create(new SyncOptions { Interval = TimeSpan.FromMinutes(5) }), clock, NullLogger<SyncWorker>.Instance);

        await worker.StartAsync(CancellationToken.None);
        await WaitForCyclesAsync(harness.State, 1, c => c.Outcome != CycleOutcome.Running);
        harness.Dataverse.Admin.FailNextRequests(0, 500);
        clock.Advance(TimeSpan.FromMinutes(5));
        await WaitForCyclesAsync(harness.State, 1, c => c.Outcome == CycleOutcome.Completed);
        await worker.StopAsync(CancellationToken.None);

        var cycles = await harness.State.GetRecentCyclesAsync(10);
        Assert.Contains(cycles, c => c.Outcome == CycleOutcome.Failed);
        Assert.Equal(CycleOutcome.Completed, cycles[0].Outcome);
    }

    private static async Task WaitForCyclesAsync(StateStore state, int count, Func<CycleRecord, bool>? where = null)
    {
        where ??= c => c.Outcome != CycleOutcome.Running;
        for (var i = 0; i < 600; i++)
        {
            if ((await state.GetRecentCyclesAsync(20)).Count(where) >= count)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Fewer than {count} matching cycles after 30 s.");
    }
}
