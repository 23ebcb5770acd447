using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Hosting;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.Tests.EndToEnd;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Tests.Hosting;

/// <summary>The service loop (B1): a cycle, then the interval from the end of one cycle to the start of the next.</summary>
public sealed class SyncWorkerTests
{
    [Fact]
    public async Task ExecuteAsync_IntervalElapses_RunsTheNextCycleOnlyThen()
    {
        await using var harness = await SyncHarness.StartAsync();
        var interval = TimeSpan.FromMinutes(5);
        var clock = new ArmedClock(DateTimeOffset.UtcNow, interval);
        using var worker = new SyncWorker(harness.Cycle, harness.State, new StateHealth(), Options.Create(new SyncOptions { Interval = interval }), clock, NullLogger<SyncWorker>.Instance);

        await worker.StartAsync(CancellationToken.None);
        // The worker arms its interval timer after the first cycle: advancing before that would be lost.
        await clock.WaitArmedAsync(ArmTimeout);
        var afterFirst = (await harness.State.GetRecentCyclesAsync(10)).Count;
        clock.Advance(interval - TimeSpan.FromSeconds(1));
        var firedBeforeInterval = clock.Fired;
        var cyclesBeforeInterval = (await harness.State.GetRecentCyclesAsync(10)).Count;
        clock.Advance(TimeSpan.FromSeconds(1));
        var firedAtInterval = clock.Fired;
        await clock.WaitArmedAsync(ArmTimeout);
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal((1, 0, 1), (afterFirst, firedBeforeInterval, cyclesBeforeInterval));
        Assert.Equal(1, firedAtInterval);
        var cycles = await harness.State.GetRecentCyclesAsync(10);
        Assert.Equal(2, cycles.Count);
        Assert.All(cycles, c => Assert.Equal(CycleOutcome.Completed, c.Outcome));
    }

    [Fact]
    public async Task ExecuteAsync_CycleFails_LogsAndRunsAgainAfterTheInterval()
    {
        await using var harness = await SyncHarness.StartAsync();
        var interval = TimeSpan.FromMinutes(5);
        var clock = new ArmedClock(DateTimeOffset.UtcNow, interval);
        harness.Dataverse.Admin.FailNextRequests(50, 500);
        using var worker = new SyncWorker(harness.Cycle, harness.State, new StateHealth(), Options.Create(new SyncOptions { Interval = interval }), clock, NullLogger<SyncWorker>.Instance);

        await worker.StartAsync(CancellationToken.None);
        await clock.WaitArmedAsync(ArmTimeout);
        var afterFailure = await harness.State.GetRecentCyclesAsync(10);
        harness.Dataverse.Admin.FailNextRequests(0, 500);
        clock.Advance(interval);
        await clock.WaitArmedAsync(ArmTimeout);
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal(CycleOutcome.Failed, Assert.Single(afterFailure).Outcome);
        var cycles = await harness.State.GetRecentCyclesAsync(10);
        Assert.Equal([CycleOutcome.Completed, CycleOutcome.Failed], cycles.Select(c => c.Outcome));
    }

    /// <summary>Real time a cycle against the emulators may take before the worker arms its timer (a bound, not a measure).</summary>
    private static readonly TimeSpan ArmTimeout = TimeSpan.FromSeconds(60);
}
