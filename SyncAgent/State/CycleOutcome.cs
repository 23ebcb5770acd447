namespace CrmSync.SyncAgent.State;

/// <summary>How a cycle ended.</summary>
internal enum CycleOutcome
{
    /// <summary>Started and not (yet) ended; after a crash it stays so.</summary>
    Running = 0,

    /// <summary>Every planned write was attempted and the state committed.</summary>
    Completed,

    /// <summary>Stopped cleanly before finishing (e.g. Marketo daily quota, shutdown); nothing lost.</summary>
    Stopped,

    /// <summary>Failed with an error; the next cycle re-runs the work.</summary>
    Failed,
}
