using CrmSync.SyncAgent.Health;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Tests.Health;

/// <summary>
/// <c>/healthz</c> decided from the cycle history: every branch of <see cref="HealthEvaluator.Evaluate"/>, with an
/// interval of 5 minutes, so the staleness limit is 2 × 5 min + 5 min grace = 15 minutes.
/// </summary>
public sealed class HealthEvaluatorTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static CycleRecord Cycle(int startedMinutesAgo, CycleOutcome outcome, int? endedMinutesAgo = null, string? message = null) => new()
    {
        StartedOn = Now.AddMinutes(-startedMinutesAgo),
        EndedOn = outcome == CycleOutcome.Running ? null : Now.AddMinutes(-(endedMinutesAgo ?? startedMinutesAgo)),
        Outcome = outcome,
        Message = message,
    };

    [Fact]
    public void Evaluate_NoCycle_Unhealthy()
    {
        var report = HealthEvaluator.Evaluate([], Interval, Now);

        Assert.Equal((false, "unhealthy", "no cycle has run yet"), (report.Healthy, report.Status, report.Reason));
    }

    [Fact]
    public void Evaluate_LastCycleStartedMoreThanTwiceTheIntervalPlusGraceAgo_UnhealthyStale()
    {
        var report = HealthEvaluator.Evaluate([Cycle(16, CycleOutcome.Completed, endedMinutesAgo: 15)], Interval, Now);

        Assert.Equal((false, "unhealthy", "the last cycle started 16 min 0 s ago (more than 15 min 0 s)"), (report.Healthy, report.Status, report.Reason));
        Assert.Equal((CycleOutcome.Completed, TimeSpan.FromMinutes(16)), (report.LastOutcome, report.LastCycleAge));
    }

    [Fact]
    public void Evaluate_LastCycleStartedExactlyAtTheLimit_StillHealthy()
    {
        var report = HealthEvaluator.Evaluate([Cycle(15, CycleOutcome.Completed, endedMinutesAgo: 14)], Interval, Now);

        Assert.Equal((true, "healthy", "the last cycle completed 14 min 0 s ago"), (report.Healthy, report.Status, report.Reason));
    }

    [Fact]
    public void Evaluate_StaleRunningCycle_UnhealthyEvenIfTheOneBeforeCompleted()
    {
        var report = HealthEvaluator.Evaluate([Cycle(20, CycleOutcome.Running), Cycle(26, CycleOutcome.Completed, endedMinutesAgo: 25)], Interval, Now);

        Assert.Equal((false, "the last cycle started 20 min 0 s ago (more than 15 min 0 s)"), (report.Healthy, report.Reason));
        Assert.Equal(CycleOutcome.Completed, report.LastOutcome);
    }

    [Fact]
    public void Evaluate_NewestEndedCycleFailed_UnhealthyWithItsMessage()
    {
        var report = HealthEvaluator.Evaluate(
            [Cycle(2, CycleOutcome.Running), Cycle(8, CycleOutcome.Failed, endedMinutesAgo: 7, message: "Dataverse GET failed after retries"), Cycle(14, CycleOutcome.Completed)],
            Interval, Now);

        Assert.Equal((false, "unhealthy", "the last cycle failed: Dataverse GET failed after retries"), (report.Healthy, report.Status, report.Reason));
        Assert.Equal((CycleOutcome.Failed, TimeSpan.FromMinutes(2)), (report.LastOutcome, report.LastCycleAge));
    }

    [Fact]
    public void Evaluate_NewestEndedCycleStoppedCleanly_Healthy()
    {
        var report = HealthEvaluator.Evaluate([Cycle(3, CycleOutcome.Stopped, endedMinutesAgo: 1, message: "Marketo daily API quota reached (607)")], Interval, Now);

        Assert.Equal((true, "healthy", "the last cycle stopped 1 min 0 s ago"), (report.Healthy, report.Status, report.Reason));
        Assert.Equal(CycleOutcome.Stopped, report.LastOutcome);
    }

    [Fact]
    public void Evaluate_FirstCycleStillRunning_Healthy()
    {
        var report = HealthEvaluator.Evaluate([Cycle(1, CycleOutcome.Running)], Interval, Now);

        Assert.Equal((true, "healthy", "the first cycle is running", (CycleOutcome?)null), (report.Healthy, report.Status, report.Reason, report.LastOutcome));
    }
}
