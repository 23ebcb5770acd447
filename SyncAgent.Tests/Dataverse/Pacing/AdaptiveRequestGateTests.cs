using CrmSync.SyncAgent.Dataverse.Pacing;
using Microsoft.Extensions.Time.Testing;

namespace CrmSync.SyncAgent.Tests.Dataverse.Pacing;

// The asynchronous front of the pacer (learn.microsoft.com/power-apps/developer/data-platform/api-limits: 20 minutes of
// combined execution time per user and 5-minute sliding window). Time is a fake clock; the only real-time bound is the
// 10 s guard against a hang.
public sealed class AdaptiveRequestGateTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task EnterAsync_WaitingForTheBudget_IsAdmittedWhenARequestInFlightEndsUnderWhatItHeld()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));
        var sut = new AdaptiveRequestGate(new PacingSettings { MaxConcurrency = 8, ExecutionTimeBudget = TimeSpan.FromSeconds(100) }, time);
        var first = await sut.EnterAsync(3, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(30));
        sut.Exit(first, RequestEnd.Succeeded, batchOperations: 3); // 30 s spent, 10 s an operation
        var batch = await sut.EnterAsync(6, CancellationToken.None); // holds 60 s: 30 + 60 < 100

        var waiting = sut.EnterAsync(0, CancellationToken.None); // 30 s + 60 s + its own 30 s (the mean) ≥ 100 s: waits 300 s
        var waitedBeforeTheEnd = waiting.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(5));
        sut.Exit(batch, RequestEnd.Succeeded, batchOperations: 6); // took 5 s: 35 s spent, nothing held
        var admitted = await waiting.WaitAsync(Guard);

        Assert.False(waitedBeforeTheEnd);
        Assert.Equal(TimeSpan.FromSeconds(25), admitted.Reserved); // a request of no operations holds the mean duration: 0.8 × 30 s + 0.2 × 5 s
        Assert.Equal(1, sut.BudgetWaits);
        Assert.Equal(TimeSpan.FromSeconds(35), sut.Snapshot.Spent);
    }
}
