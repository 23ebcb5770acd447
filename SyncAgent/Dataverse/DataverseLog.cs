using System.Net;
using Microsoft.Extensions.Logging;

namespace CrmSync.SyncAgent.Dataverse;

/// <summary>Source-generated log messages of the Dataverse connector (event ids 2000-2099).</summary>
internal static partial class DataverseLog
{
    [LoggerMessage(2000, LogLevel.Warning, "Dataverse throttled {Request} ({ErrorCode}); retry {Attempt} after {Delay}")]
    public static partial void Throttled(ILogger logger, string request, string? errorCode, int attempt, TimeSpan delay);

    [LoggerMessage(2001, LogLevel.Warning, "Dataverse {Request} failed transiently ({Status}); retry {Attempt} after {Delay}")]
    public static partial void TransientFailure(ILogger logger, string request, string status, int attempt, TimeSpan delay, Exception? exception);

    [LoggerMessage(2002, LogLevel.Warning, "Staging row {StagingId} is poison: {Reason}")]
    public static partial void PoisonStagingRow(ILogger logger, Guid stagingId, string reason);

    [LoggerMessage(2003, LogLevel.Information, "Dataverse batch {BatchId}: {Operations} operations, {Failed} failed")]
    public static partial void BatchCompleted(ILogger logger, string batchId, int operations, int failed);

    [LoggerMessage(2004, LogLevel.Warning, "Dataverse batch {BatchId} rejected {Entity} {RecordId} ({Key}): {Status} {ErrorCode} {Message}")]
    public static partial void OperationFailed(ILogger logger, string batchId, string entity, Guid recordId, string key, HttpStatusCode status, string? errorCode, string? message);

    [LoggerMessage(2005, LogLevel.Debug, "Dataverse {Method} {Path} -> {Status}")]
    public static partial void RequestCompleted(ILogger logger, string method, string path, int status);
}
