namespace CrmSync.SyncAgent.Marketo;

/// <summary>
/// Response-level codes the connector acts on
/// (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/error-codes).
/// </summary>
internal static class MarketoErrorCodes
{
    public const string AccessTokenInvalid = "601";
    public const string AccessTokenExpired = "602";
    public const string RequestTimedOut = "604";
    public const string RateLimitExceeded = "606";
    public const string DailyQuotaReached = "607";
    public const string TemporarilyUnavailable = "608";
    public const string SystemError = "611";
    public const string ConcurrentAccessLimit = "615";
    public const string TransientError = "713";

    /// <summary>Record level: the object (company, opportunity) does not exist.</summary>
    public const string ObjectNotFound = "1013";

    /// <summary>Codes the page marks with <c>*</c>: not counted against the daily quota or the rate limit.</summary>
    public static bool IsUncounted(string code) =>
        code is "600" or AccessTokenInvalid or AccessTokenExpired or RequestTimedOut or "605"
            or TemporarilyUnavailable or SystemError;

    /// <summary>Codes retried with exponential backoff.</summary>
    public static bool IsTransient(string code) =>
        code is RequestTimedOut or TemporarilyUnavailable or SystemError or TransientError;
}
