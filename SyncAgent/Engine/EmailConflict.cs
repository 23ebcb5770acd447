namespace CrmSync.SyncAgent.Engine;

/// <summary>
/// A record's e-mail is held by a Marketo person linked to another record (issue 18): writing it would put this
/// record's values into that person (create-or-update by e-mail) or give two persons one e-mail (update by id), so the
/// write is refused and reported, naming both records.
/// </summary>
/// <param name="Record">The record whose e-mail write was refused.</param>
/// <param name="MarketoId">The record's own person when it is linked (its e-mail field was refused); null when it is not linked.</param>
/// <param name="Email">The refused e-mail.</param>
/// <param name="Owner">The person that holds the e-mail and the record it is linked to.</param>
internal sealed record EmailConflict(RecordKey Record, long? MarketoId, FieldValue Email, EmailOwner Owner);
