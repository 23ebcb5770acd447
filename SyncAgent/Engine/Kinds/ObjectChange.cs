namespace CrmSync.SyncAgent.Engine;

/// <summary>One staged (or backfilled) change of a one-way kind's record.</summary>
/// <param name="Kind">The record's kind.</param>
/// <param name="Id">The Dynamics id: the external id in Marketo.</param>
/// <param name="Message">Create, Update or Delete.</param>
/// <param name="Attributes">Dynamics column → canonical value (empty for a delete).</param>
internal sealed record ObjectChange(EntityKind Kind, Guid Id, CrmMessage Message, IReadOnlyDictionary<string, FieldValue> Attributes);
