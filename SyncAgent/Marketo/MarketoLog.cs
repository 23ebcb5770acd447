using Microsoft.Extensions.Logging;

namespace CrmSync.SyncAgent.Marketo;

/// <summary>Source-generated log messages of the Marketo connector (event ids 3000–3099). Never tokens or secrets.</summary>
internal static partial class MarketoLog
{
    [LoggerMessage(3000, LogLevel.Debug, "Marketo access token obtained, valid for {ExpiresInSeconds} s")]
    public static partial void TokenObtained(ILogger logger, int expiresInSeconds);

    [LoggerMessage(3001, LogLevel.Information, "Marketo rejected the access token ({Code}); re-authenticating and replaying {Operation}")]
    public static partial void Reauthenticating(ILogger logger, string code, string operation);

    [LoggerMessage(3002, LogLevel.Warning, "Marketo refused {Operation} with {Code} (request {RequestId}); backing off {DelayMs} ms, attempt {Attempt}")]
    public static partial void RateLimited(ILogger logger, string operation, string code, string? requestId, long delayMs, int attempt);

    [LoggerMessage(3003, LogLevel.Warning, "Marketo {Operation} failed transiently with {Code} (request {RequestId}); retrying in {DelayMs} ms, attempt {Attempt}")]
    public static partial void TransientRetry(ILogger logger, string operation, string code, string? requestId, long delayMs, int attempt);

    [LoggerMessage(3004, LogLevel.Warning, "Marketo daily quota reached during {Operation} (request {RequestId}); stopping")]
    public static partial void QuotaReached(ILogger logger, string operation, string? requestId);

    [LoggerMessage(3005, LogLevel.Error, "Marketo {Operation} failed with {Code}: {Message} (request {RequestId})")]
    public static partial void CallFailed(ILogger logger, string operation, string code, string message, string? requestId);

    [LoggerMessage(3006, LogLevel.Warning, "Marketo {Operation} returned {WarningCount} warnings (request {RequestId})")]
    public static partial void Warnings(ILogger logger, string operation, int warningCount, string? requestId);

    [LoggerMessage(3007, LogLevel.Warning, "Filter value #{Index} for {FilterType} contains a comma and cannot be searched; it is treated as not found")]
    public static partial void UnsearchableFilterValue(ILogger logger, string filterType, int index);

    [LoggerMessage(3008, LogLevel.Information, "Marketo batch {Operation} {BatchNumber}: {RecordCount} records, {SkippedCount} skipped")]
    public static partial void BatchDone(ILogger logger, string operation, int batchNumber, int recordCount, int skippedCount);

    [LoggerMessage(3009, LogLevel.Information, "Custom activity type {ApiName} {Action}")]
    public static partial void ActivityType(ILogger logger, string apiName, string action);
}
