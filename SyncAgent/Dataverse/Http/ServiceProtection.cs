using System.Net;
using System.Net.Http.Headers;

namespace CrmSync.SyncAgent.Dataverse.Http;

/// <summary>
/// Service protection limits (learn.microsoft.com/power-apps/developer/data-platform/api-limits): the Web API answers
/// 429 with a Retry-After header and one of three error codes.
/// </summary>
internal static class ServiceProtection
{
    /// <summary>Number of requests exceeded the limit (-2147015902).</summary>
    public const string NumberOfRequestsExceeded = "0x80072322";

    /// <summary>Combined execution time exceeded the limit (-2147015903).</summary>
    public const string ExecutionTimeExceeded = "0x80072321";

    /// <summary>Number of concurrent requests exceeded the limit (-2147015898).</summary>
    public const string ConcurrentRequestsExceeded = "0x80072326";

    /// <summary>The wait a Retry-After header asks for (delta seconds or an HTTP date), or null without one.</summary>
    public static TimeSpan? GetRetryAfter(HttpResponseHeaders headers, TimeProvider timeProvider)
    {
        var retryAfter = headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    /// <summary>Statuses worth another attempt: throttling and the transient server errors.</summary>
    public static bool IsTransient(HttpStatusCode status) => status is HttpStatusCode.TooManyRequests
        or HttpStatusCode.RequestTimeout
        or HttpStatusCode.InternalServerError
        or HttpStatusCode.BadGateway
        or HttpStatusCode.ServiceUnavailable
        or HttpStatusCode.GatewayTimeout;

}
