namespace CrmSync.SyncAgent.Marketo;

/// <summary>
/// Error 607 "Daily quota reached": nothing more can be sent until the quota resets (12:00 AM CST).
/// The call was not executed (6xx codes "indicate that a request failed completely"); the cycle stops
/// cleanly without advancing its cursors, and later cycles pick the work up again.
/// </summary>
internal sealed class MarketoQuotaExceededException : MarketoApiException
{
    public MarketoQuotaExceededException(string message, string? requestId)
        : base(MarketoErrorCodes.DailyQuotaReached, message, requestId)
    {
    }
}
