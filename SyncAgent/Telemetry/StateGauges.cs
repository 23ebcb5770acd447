namespace CrmSync.SyncAgent.Telemetry;

/// <summary>What the state gauges report, refreshed before each scrape.</summary>
/// <param name="Backlog">Staged Dynamics changes not yet applied; null when unknown (Dynamics unreachable).</param>
/// <param name="OldestAge">How old the oldest of them is; null when there is none or it is unknown.</param>
/// <param name="LinkedByEntity">Linked records by entity logical name.</param>
internal sealed record StateGauges(long? Backlog, TimeSpan? OldestAge, IReadOnlyDictionary<string, long> LinkedByEntity);
