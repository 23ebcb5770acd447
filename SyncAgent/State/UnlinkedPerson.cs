using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.State;

/// <summary>The mark left on a person unlinked because its Dynamics record was deleted (cleared if it is linked again).</summary>
/// <param name="MarketoId">The person.</param>
/// <param name="Record">The record it was linked to.</param>
/// <param name="Reason">Why it was unlinked.</param>
/// <param name="UnlinkedOn">When.</param>
internal sealed record UnlinkedPerson(long MarketoId, RecordKey Record, string Reason, DateTimeOffset UnlinkedOn);
