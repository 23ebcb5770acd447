using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Alerts;

/// <summary>What the alert conditions are decided from, read at one moment.</summary>
internal sealed record AlertInput
{
    /// <summary>Recent cycles, newest first.</summary>
    public required IReadOnlyList<CycleRecord> Cycles { get; init; }

    public required DateTimeOffset Now { get; init; }

    /// <summary>When this agent started watching: the reference for "stalled" before any cycle completed.</summary>
    public required DateTimeOffset WatchingSince { get; init; }

    /// <summary>Marketo calls of the agent's cycles in the current quota day.</summary>
    public required long MarketoCallsToday { get; init; }

    /// <summary>The agent's share of the daily quota, in calls.</summary>
    public required long MarketoQuotaLimit { get; init; }
}
