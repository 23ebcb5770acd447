namespace CrmSync.SyncAgent.Engine;

/// <summary>One field to write: the mapping (both names) and the value.</summary>
/// <param name="Map">The field mapping; write <see cref="FieldMap.Dynamics"/> to Dynamics, <see cref="FieldMap.Marketo"/> to Marketo.</param>
/// <param name="Value">The canonical value to write.</param>
internal readonly record struct PlannedField(FieldMap Map, FieldValue Value);
