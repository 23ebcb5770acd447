namespace CrmSync.SyncAgent.Marketo;

/// <summary>
/// A Marketo call failed and will not be retried (any further): a response-level error
/// (<c>success:false</c>, code 6xx/7xx) or an HTTP-level error (413, 414, 401 from identity, …).
/// </summary>
internal class MarketoApiException : Exception
{
    public MarketoApiException(string code, string message, string? requestId = null, Exception? inner = null)
        : base($"Marketo error {code}: {message}", inner)
    {
        Code = code;
        ErrorMessage = message;
        RequestId = requestId;
    }

    /// <summary>Marketo error code (e.g. <c>603</c>), or <c>HTTP 414</c> for HTTP-level errors.</summary>
    public string Code { get; }

    /// <summary>Marketo's plain-text message.</summary>
    public string ErrorMessage { get; }

    /// <summary>The <c>requestId</c> of the failed response, for support.</summary>
    public string? RequestId { get; }
}
