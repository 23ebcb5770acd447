using Microsoft.Extensions.Logging;

namespace CrmSync.SyncAgent.RealTime;

/// <summary>Log messages of sync-person (event ids 6000–6099, spans 6200; kept requests 5000–5009). Values of fields are never logged.</summary>
internal static partial class PersonSyncLog
{
    [LoggerMessage(6000, LogLevel.Information, "Sync person {MarketoId}: created {Entity} {RecordId} and linked it")]
    public static partial void Created(ILogger logger, long marketoId, string entity, Guid recordId);

    [LoggerMessage(6001, LogLevel.Information, "Sync person {MarketoId}: {Entity} {RecordId} already existed; linked it")]
    public static partial void LinkedExisting(ILogger logger, long marketoId, string entity, Guid recordId);

    [LoggerMessage(6002, LogLevel.Information, "Sync person {MarketoId}: already linked to {Entity} {RecordId}; nothing written")]
    public static partial void AlreadyLinked(ILogger logger, long marketoId, string entity, Guid recordId);

    [LoggerMessage(6003, LogLevel.Warning, "Sync person {MarketoId}: Dynamics refused the create of {Entity} {RecordId}: {ErrorCode} {Message}")]
    public static partial void Rejected(ILogger logger, long marketoId, string entity, Guid recordId, string? errorCode, string? message);

    [LoggerMessage(6004, LogLevel.Warning, "Sync person {MarketoId}: column {Entity}.{Column} skipped, the sync user may not write it")]
    public static partial void ColumnSkipped(ILogger logger, long marketoId, string entity, string column);

    [LoggerMessage(6200, LogLevel.Debug, "Sync person {MarketoId}: {TotalMs:F1} ms; same-person wait {LockMs:F1}, reservation {ReserveMs:F1}, lookup {LookupMs:F1}, columns {ColumnsMs:F1}, create {CreateMs:F1}, link {LinkMs:F1} ms")]
    public static partial void Spans(ILogger logger, long marketoId, double totalMs, double lockMs, double reserveMs, double lookupMs, double columnsMs, double createMs, double linkMs);

    [LoggerMessage(5000, LogLevel.Warning, "Sync person {MarketoId}: stopped while waiting for {Waiting}; the request to create the {Entity} is kept for the next cycle")]
    public static partial void Kept(ILogger logger, long marketoId, string entity, string waiting);

    [LoggerMessage(5001, LogLevel.Information, "Kept sync-person request for Marketo person {MarketoId} carried out: {Outcome}")]
    public static partial void CarriedOut(ILogger logger, long marketoId, string outcome);

    [LoggerMessage(5002, LogLevel.Warning, "Kept sync-person request for Marketo person {MarketoId} failed again and stays kept: {Reason}")]
    public static partial void StillKept(ILogger logger, long marketoId, string reason);
}
