namespace CrmSync.MarketoEmulator.Admin;

/// <summary>Counters since start (or the last reset).</summary>
/// <param name="TotalCalls">REST calls received (identity calls excluded).</param>
/// <param name="SuccessfulCalls">REST calls answered with <c>success:true</c>.</param>
/// <param name="ErrorCalls">REST calls answered with <c>success:false</c> or an HTTP error.</param>
/// <param name="TokenRequests">Identity endpoint calls.</param>
/// <param name="QuotaUsedToday">Calls counted against today's daily quota.</param>
/// <param name="ErrorsByCode">Error calls by Marketo error code (HTTP status for non-envelope errors).</param>
public sealed record MarketoCallCounters(
    long TotalCalls, long SuccessfulCalls, long ErrorCalls, long TokenRequests, int QuotaUsedToday, IReadOnlyDictionary<string, long> ErrorsByCode);
