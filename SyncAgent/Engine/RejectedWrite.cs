namespace CrmSync.SyncAgent.Engine;

/// <summary>A field value a side refused for a record; it is not retried until one side changes that field again.</summary>
/// <param name="Direction">The side that refused it.</param>
/// <param name="Record">The Dynamics record concerned (the target, or the source of a Marketo write).</param>
/// <param name="Field">The Marketo REST field name of the mapped field.</param>
/// <param name="Value">The value that was refused.</param>
internal sealed record RejectedWrite(SyncDirection Direction, RecordKey Record, string Field, FieldValue Value);
