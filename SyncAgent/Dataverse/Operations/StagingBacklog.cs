namespace CrmSync.SyncAgent.Dataverse.Operations;

/// <summary>The staging table's pending rows: how many, and when the oldest change happened.</summary>
/// <param name="Count">Rows waiting (Dataverse counts up to 5,000; see <paramref name="CountIsLowerBound"/>).</param>
/// <param name="CountIsLowerBound">True when Dataverse stopped counting at its limit.</param>
/// <param name="OldestChangedOn">The oldest pending change; null when the table is empty.</param>
internal sealed record StagingBacklog(long Count, bool CountIsLowerBound, DateTimeOffset? OldestChangedOn);
