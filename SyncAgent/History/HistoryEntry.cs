namespace CrmSync.SyncAgent.History;

/// <summary>One event in a person's history.</summary>
/// <param name="OccurredOn">When.</param>
/// <param name="Event">What: <c>linked</c>, <c>relinked</c>, <c>unlinked</c>, <c>rejected</c>.</param>
/// <param name="Record">The Dynamics record (<c>lead 0f…</c>), if any.</param>
/// <param name="Detail">The reason, or the refused write (direction, operation, fields, values unless hidden, code, message).</param>
internal sealed record HistoryEntry(DateTimeOffset OccurredOn, string Event, string? Record, string Detail);
