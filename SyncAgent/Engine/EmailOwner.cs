namespace CrmSync.SyncAgent.Engine;

/// <summary>A Marketo person that holds an e-mail now, and the Dynamics record it is linked to, if any.</summary>
/// <param name="Email">The person's e-mail, canonical (<see cref="FieldKind.Email"/>, compared case-insensitively).</param>
/// <param name="MarketoId">The person.</param>
/// <param name="LinkedRecord">The record the person is linked to, or null when it is not linked.</param>
internal sealed record EmailOwner(FieldValue Email, long MarketoId, RecordKey? LinkedRecord);
