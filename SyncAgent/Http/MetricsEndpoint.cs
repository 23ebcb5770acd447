using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Http;

/// <summary>The Prometheus scrape endpoint <c>/metrics</c>, behind <c>CrmSync:Http:StatusKey</c> like the status pages.</summary>
internal static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // The exporter's endpoint is a plain request delegate (no endpoint filters), so the key is checked before it.
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Path), branch => branch.Use(async (context, next) =>
        {
            var http = context.RequestServices.GetRequiredService<IOptions<HttpOptions>>().Value;
            if (!AgentEndpoints.Authorized(context, http))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await context.Response.WriteAsJsonAsync(new { error = $"the {AgentEndpoints.StatusKeyHeader} header is missing or wrong" }).ConfigureAwait(false);
                return;
            }

            await context.RequestServices.GetRequiredService<GaugeRefresher>().RefreshAsync(context.RequestAborted).ConfigureAwait(false);
            await next(context).ConfigureAwait(false);
        }));
        app.MapPrometheusScrapingEndpoint(Path);
    }
}
