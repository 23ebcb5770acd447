namespace CrmSync.SyncAgent.Engine;

/// <summary>One staged (or backfilled) change of a one-way kind's record.</summary>
/// <param name="Kind">The record's kind.</param>
/// <param name="Id">The Dynamics id: the external id in Marketo.</param>
/// <param name="Message">Create, Update, Delete or Merge.</param>
/// <param name="Attributes">Dynamics column → canonical value (empty for a delete; for a merge, the master's mapped columns as they are now).</param>
/// <param name="SubordinateId">For a Merge: the record merged into <paramref name="Id"/> (the master), deactivated in Dynamics.</param>
internal sealed record ObjectChange(EntityKind Kind, Guid Id, CrmMessage Message, IReadOnlyDictionary<string, FieldValue> Attributes, Guid? SubordinateId = null);
