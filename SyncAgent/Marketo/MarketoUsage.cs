namespace CrmSync.SyncAgent.Marketo;

/// <summary>Marketo calls made by this process in one quota day (for status and benchmarks).</summary>
/// <param name="QuotaDay">The quota day; Marketo resets the daily quota at 12:00 AM CST (UTC−6).</param>
/// <param name="RestCalls">REST calls sent (every attempt, including retries).</param>
/// <param name="QuotaCalls">REST calls that count against the daily quota (the error-codes page exempts 601, 602, 604, 605, 608, 611).</param>
/// <param name="IdentityCalls">Calls to the identity endpoint.</param>
/// <param name="RateLimited">Responses 606 or 615.</param>
/// <param name="Retries">Attempts repeated after a transient failure, a rate refusal or a re-authentication.</param>
internal sealed record MarketoUsage(
    DateOnly QuotaDay,
    long RestCalls,
    long QuotaCalls,
    long IdentityCalls,
    long RateLimited,
    long Retries);
