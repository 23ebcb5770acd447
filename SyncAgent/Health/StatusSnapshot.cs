using CrmSync.SyncAgent.Dataverse.Operations;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Health;

/// <summary>Everything <c>crmsync status</c> and the status page show (DESIGN B12), read at one moment.</summary>
internal sealed record StatusSnapshot
{
    public required DateTimeOffset GeneratedOn { get; init; }

    /// <summary>Recent cycles, newest first.</summary>
    public required IReadOnlyList<CycleRecord> Cycles { get; init; }

    /// <summary>Pending Dynamics changes; null when Dynamics could not be asked (see <see cref="DynamicsBacklogError"/>).</summary>
    public StagingBacklog? DynamicsBacklog { get; init; }

    /// <summary>Why the Dynamics backlog is unknown.</summary>
    public string? DynamicsBacklogError { get; init; }

    /// <summary>The Marketo side as known from the last ended cycle (Marketo has no backlog count).</summary>
    public CycleRecord? LastEndedCycle { get; init; }

    /// <summary>Sync-person requests accepted and kept in the state, not finished yet (the next cycle carries them out).</summary>
    public KeptRequestsSummary KeptPersonRequests { get; init; } = new(0, null);

    /// <summary>Sums over cycles started in the last hour.</summary>
    public required Throughput LastHour { get; init; }

    public required ApiBudget Budget { get; init; }

    /// <summary>Open rejections (matching the search, if any), newest first.</summary>
    public required IReadOnlyList<Rejection> Rejections { get; init; }

    /// <summary>Resolved rejections (changed again, or retried), newest first, at most <see cref="StatusReporter.ResolvedShown"/>.</summary>
    public IReadOnlyList<Rejection> ResolvedRejections { get; init; } = [];

    public required HealthReport Health { get; init; }
}

/// <summary>Records read and written over a period.</summary>
internal sealed record Throughput(int Cycles, int CrmRead, int MarketoRead, int CrmWritten, int MarketoWritten, int Rejections, int Errors);

/// <summary>API use against the documented limits.</summary>
/// <param name="MarketoCallsToday">Marketo REST calls of cycles in the current quota day (from 00:00 CST).</param>
/// <param name="MarketoDailyQuota">The configured quota (<c>CrmSync:Marketo:DailyQuota</c>).</param>
/// <param name="DataverseCallsLast5Minutes">Dataverse requests of cycles that ran in the last 5 minutes.</param>
/// <param name="DataverseLimit">Service protection: 6,000 requests per user per 5-minute window.</param>
/// <param name="ThrottledLastHour">Throttling answers (429, 606, 615) in the last hour.</param>
internal sealed record ApiBudget(long MarketoCallsToday, int MarketoDailyQuota, long DataverseCallsLast5Minutes, int DataverseLimit, int ThrottledLastHour)
{
    /// <summary>The agent's share of the quota in calls (<c>DailyQuota × DailyQuotaShare</c>); cycles stop there.</summary>
    public long MarketoShareLimit { get; init; } = MarketoDailyQuota;
}

/// <summary>The agent's health: the last cycle's outcome and age.</summary>
internal sealed record HealthReport(bool Healthy, string Status, string Reason, CycleOutcome? LastOutcome, TimeSpan? LastCycleAge);
