using System.Net;
using CrmSync.SyncAgent.Configuration;
using Microsoft.AspNetCore.Http;

namespace CrmSync.SyncAgent.Http;

/// <summary>
/// Accepts only requests whose <c>Host</c> header names the agent (issue 18 item 9): loopback names, the hosts named in
/// <c>CrmSync:Http:Urls</c> and those in <c>CrmSync:Http:AllowedHosts</c>. A page on another site that re-binds its own
/// name to 127.0.0.1 (DNS rebinding) sends its own name, and is refused with <c>400</c>.
/// </summary>
internal sealed class HostAllowList
{
    private static readonly string[] Wildcards = ["*", "+", "0.0.0.0", "::", "[::]"];
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase) { "localhost", "127.0.0.1", "::1", "[::1]" };

    public HostAllowList(HttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var url in options.UrlList)
        {
            // "http://+:5080" is not a URI; only real host names are added.
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && !Wildcards.Contains(uri.Host, StringComparer.Ordinal))
            {
                _names.Add(uri.Host);
            }
        }

        foreach (var host in options.AllowedHostList)
        {
            _names.Add(host);
        }
    }

    /// <summary>Whether <paramref name="host"/> (a <c>Host</c> header, port ignored) names the agent.</summary>
    public bool Allows(HostString host)
    {
        if (!host.HasValue)
        {
            return false;
        }

        var name = host.Host;
        return _names.Contains(name) || (IPAddress.TryParse(name.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }

    /// <summary>The middleware: refuses a request with another <c>Host</c> before any route runs.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!Allows(context.Request.Host))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("This Host header is not accepted; add the name to CrmSync:Http:AllowedHosts.\n", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }
}
