using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>The result of one cycle: the stored cycle record plus what the planner saw.</summary>
internal sealed record CycleReport(CycleRecord Record, PlanStatistics? Statistics, int Linked, int Unlinked)
{
    /// <summary>True when the cycle completed and committed.</summary>
    public bool Completed => Record.Outcome == CycleOutcome.Completed;

    /// <summary>Kept sync-person requests the cycle finished after its commit (issue 18 item 4).</summary>
    public int KeptRequestsCarriedOut { get; init; }
}
