namespace CrmSync.SyncAgent.Telemetry;

/// <summary>What one cycle read and wrote per side, as the cycle metrics count it.</summary>
internal readonly record struct CycleCounts(int CrmRead, int MarketoRead, int CrmWritten, int MarketoWritten, int Collisions, int Rejections);
