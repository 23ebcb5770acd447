namespace CrmSync.SyncAgent.Engine;

/// <summary>One value a resync changes: the person, the field, the target's value now and the value copied.</summary>
internal sealed record ResyncChange(Link Link, string Field, SyncDirection Direction, FieldValue Old, FieldValue New);
