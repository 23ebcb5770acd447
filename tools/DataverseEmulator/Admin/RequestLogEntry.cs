namespace CrmSync.DataverseEmulator.Admin;

/// <summary>One Web API request as the emulator saw it (a $batch logs itself and each of its parts).</summary>
/// <param name="Timestamp">When it was answered (TimeProvider).</param>
/// <param name="UserId">The caller, or null when authentication failed.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Url">Absolute URL.</param>
/// <param name="Status">HTTP status answered.</param>
/// <param name="ErrorCode">The <c>error.code</c> answered, if any.</param>
/// <param name="RequestedColumns">Columns named in <c>$select</c> (wire names).</param>
/// <param name="WrittenColumns">Columns written by a create/update body (logical names).</param>
/// <param name="InBatch">Whether this was a part of a $batch.</param>
/// <param name="PageRows">How many rows a collection page answered (null for anything else).</param>
public sealed record RequestLogEntry(
    DateTimeOffset Timestamp,
    Guid? UserId,
    string Method,
    string Url,
    int Status,
    string? ErrorCode,
    IReadOnlyList<string> RequestedColumns,
    IReadOnlyList<string> WrittenColumns,
    bool InBatch,
    int? PageRows = null);
