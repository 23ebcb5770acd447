namespace CrmSync.SyncAgent.Marketo;

/// <summary>
/// A failure worth retrying (604, 608, 611, 713, HTTP 5xx). Surfaces to callers only once the bounded
/// retries are spent.
/// </summary>
internal sealed class MarketoTransientException : MarketoApiException
{
    public MarketoTransientException(string code, string message, string? requestId = null, Exception? inner = null)
        : base(code, message, requestId, inner)
    {
    }
}
