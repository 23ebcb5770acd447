using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>A cycle's counts summed over its chunks (DESIGN B22), with the first run's backfill counted once.</summary>
internal sealed class CycleTotals(BackfillResult backfilled, ObjectSyncResult objects)
{
    private int _crmRead;
    private int _marketoRead;
    private int _crmWritten = backfilled.DynamicsWritten;
    private int _marketoWritten = backfilled.MarketoWritten + objects.Written;
    private int _collisions = backfilled.Collisions;
    private int _rejections = backfilled.Rejections + objects.Rejections.Count;

    /// <summary>The planner's counts, every chunk's added.</summary>
    public PlanStatistics Statistics { get; } = new();

    /// <summary>Persons linked by the backfill and the chunks.</summary>
    public int Linked { get; private set; } = backfilled.Linked;

    /// <summary>Persons unlinked by the chunks.</summary>
    public int Unlinked { get; private set; }

    /// <summary>Adds one committed chunk.</summary>
    public void Add(CycleChunk chunk, SyncPlan plan, CycleCommit commit, ObjectSyncResult objectsApplied)
    {
        _crmRead += chunk.Staged.StagingIds.Count;
        _marketoRead += chunk.Read.Read;
        _crmWritten += commit.DynamicsWritten;
        _marketoWritten += commit.MarketoWritten + objectsApplied.Written;
        _collisions += plan.Collisions.Count;
        _rejections += commit.Rejections.Count + objectsApplied.Rejections.Count;
        Statistics.Add(plan.Statistics);
        Linked += commit.NewLinks.Count;
        Unlinked += commit.Unlinks.Count + plan.LinkChanges.Count(c => c.Unlinks);
    }

    /// <summary><paramref name="record"/> with these counts.</summary>
    public CycleRecord ApplyTo(CycleRecord record) => record with
    {
        CrmRead = _crmRead,
        MarketoRead = _marketoRead,
        CrmWritten = _crmWritten,
        MarketoWritten = _marketoWritten,
        Collisions = _collisions,
        Rejections = _rejections,
    };
}
