using Microsoft.AspNetCore.Http;

namespace CrmSync.SyncAgent.Http;

/// <summary>
/// Headers on every answer (issue 18 item 9): the status page is self-contained (inline CSS and SVG, no script, a GET
/// search form), so its Content-Security-Policy allows nothing else; no content sniffing; never in a frame.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        return next(context);
    }
}
