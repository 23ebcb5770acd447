namespace CrmSync.SyncAgent.Engine;

/// <summary>A value and when it was set.</summary>
internal readonly record struct TimedValue(FieldValue Value, DateTimeOffset ChangedOn);
