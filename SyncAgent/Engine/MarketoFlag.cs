namespace CrmSync.SyncAgent.Engine;

/// <summary>
/// A Boolean the agent itself sets on a Marketo person, outside the field mapping: the deleted-in-Dynamics field
/// (<c>CrmSync:Sync:DeletedField</c>, DESIGN B17). Written by id; no shadow, because nothing reads it back.
/// </summary>
/// <param name="MarketoId">The person.</param>
/// <param name="Field">The Marketo field's REST name.</param>
/// <param name="Value">The value to write.</param>
internal sealed record MarketoFlag(long MarketoId, string Field, bool Value);
