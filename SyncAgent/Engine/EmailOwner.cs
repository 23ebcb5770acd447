namespace CrmSync.SyncAgent.Engine;

/// <summary>A Marketo person that holds an e-mail now, and the Dynamics record it is linked to, if any.</summary>
/// <param name="Email">The person's e-mail, canonical (<see cref="FieldKind.Email"/>, compared case-insensitively).</param>
/// <param name="MarketoId">The person.</param>
/// <param name="LinkedRecord">The record the person is linked to, or null when it is not linked.</param>
/// <param name="Values">
/// The person's mapped values as Marketo holds them (Marketo field → value), when they were read: the first run reads
/// them so a record matched to this person by e-mail gets the collision rule, not an overwrite. Null when not read.
/// </param>
internal sealed record EmailOwner(FieldValue Email, long MarketoId, RecordKey? LinkedRecord, IReadOnlyDictionary<string, FieldValue>? Values = null);
