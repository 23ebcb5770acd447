using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.State;

/// <summary>One event in a person's link history.</summary>
/// <param name="MarketoId">The person.</param>
/// <param name="Record">The record linked, relinked to, or unlinked from.</param>
/// <param name="Event">What happened.</param>
/// <param name="Reason">Why (e.g. <c>deleted in Dynamics</c>), if given.</param>
/// <param name="OccurredOn">When.</param>
internal sealed record LinkHistoryEntry(long MarketoId, RecordKey Record, LinkEvent Event, string? Reason, DateTimeOffset OccurredOn);
