using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CrmSync.SyncAgent.Telemetry;

/// <summary>Registers OpenTelemetry for <c>crmsync run</c>: the agent's meter for Prometheus, and OTLP metrics and traces when configured.</summary>
internal static class TelemetryServiceCollectionExtensions
{
    public static IServiceCollection AddCrmSyncTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var otlp = Uri.TryCreate(configuration[TelemetryOptions.OtlpEndpointKey], UriKind.Absolute, out var endpoint) ? endpoint : null;
        var builder = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("crmsync"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(CrmSyncTelemetry.Name).AddPrometheusExporter();
                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = otlp);
                }
            });
        if (otlp is not null)
        {
            builder.WithTracing(tracing => tracing.AddSource(CrmSyncTelemetry.Name).AddOtlpExporter(o => o.Endpoint = otlp));
        }

        return services;
    }
}
