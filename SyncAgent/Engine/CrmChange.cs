namespace CrmSync.SyncAgent.Engine;

/// <summary>One staged Dynamics change (a <c>crmsync_syncevent</c> row), values already canonicalised.</summary>
/// <param name="Record">The changed record.</param>
/// <param name="Message">Create, Update or Delete.</param>
/// <param name="Attributes">Attribute logical name → new value; may include the sync filter <c>crmsync_synctomarketo</c>.</param>
/// <param name="ChangedOn">When Dynamics made the change (UTC).</param>
/// <param name="OriginatingLeadId">For a contact created from a lead: the lead's id.</param>
/// <param name="SubordinateId">For a Merge: the record merged into <paramref name="Record"/> (deactivated in Dynamics).</param>
internal sealed record CrmChange(
    RecordKey Record,
    CrmMessage Message,
    IReadOnlyDictionary<string, FieldValue> Attributes,
    DateTimeOffset ChangedOn,
    Guid? OriginatingLeadId = null,
    Guid? SubordinateId = null);
