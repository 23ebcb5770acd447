namespace CrmSync.SyncAgent.Cycle;

/// <summary>Progress of long work (the first-run backfill), for progress bars and logs.</summary>
/// <param name="Stage">What is being done, e.g. "Backfill lead".</param>
/// <param name="Done">Records handled so far in this stage.</param>
/// <param name="Linked">Records linked so far in this stage.</param>
internal readonly record struct SyncProgress(string Stage, int Done, int Linked);
