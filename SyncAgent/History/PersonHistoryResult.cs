namespace CrmSync.SyncAgent.History;

/// <summary>What <c>crmsync history</c> found.</summary>
/// <param name="Query">What was asked for.</param>
/// <param name="MarketoIds">The persons it names.</param>
/// <param name="Entries">Their history, newest first.</param>
internal sealed record PersonHistoryResult(string Query, IReadOnlyList<long> MarketoIds, IReadOnlyList<HistoryEntry> Entries);
