using System.Net;

namespace CrmSync.SyncAgent.Dataverse.Http;

/// <summary>A Dataverse request failed after its retries (or was not retryable).</summary>
internal sealed class DataverseException : Exception
{
    public DataverseException(string message)
        : base(message)
    {
    }

    public DataverseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DataverseException(HttpStatusCode statusCode, string? errorCode, string? errorMessage, string requestDescription)
        : base($"Dataverse {requestDescription} failed: {(int)statusCode} {errorCode} {errorMessage}".TrimEnd())
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
    }

    /// <summary>HTTP status of the last attempt, when there was a response.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The <c>error.code</c> of the response, e.g. <c>0x80072322</c>.</summary>
    public string? ErrorCode { get; }

    /// <summary>The <c>error.message</c> of the response.</summary>
    public string? ErrorMessage { get; }

    /// <summary>True for a 429 service protection error.</summary>
    public bool IsThrottling => StatusCode == HttpStatusCode.TooManyRequests;
}
