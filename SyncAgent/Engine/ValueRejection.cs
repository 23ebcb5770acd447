namespace CrmSync.SyncAgent.Engine;

/// <summary>A value the engine refused to write because it does not fit the target's type (DESIGN B14): recorded as a
/// rejection (B7) and left out of the write, never a failed cycle.</summary>
/// <param name="Record">The Dynamics record concerned.</param>
/// <param name="MarketoId">The linked person, if any.</param>
/// <param name="Direction">The side the value was meant for.</param>
/// <param name="Field">The Marketo field name.</param>
/// <param name="Value">The value as its source holds it.</param>
/// <param name="Message">Why: the value and the expected type (or the allowed labels).</param>
internal sealed record ValueRejection(RecordKey Record, long? MarketoId, SyncDirection Direction, string Field, FieldValue Value, string Message);
