namespace CrmSync.SyncAgent.Telemetry;

/// <summary>Section <c>CrmSync:Telemetry</c>: where metrics and traces go besides the Prometheus <c>/metrics</c> endpoint.</summary>
internal sealed class TelemetryOptions
{
    /// <summary>The configuration key of <see cref="OtlpEndpoint"/>.</summary>
    public const string OtlpEndpointKey = "CrmSync:Telemetry:OtlpEndpoint";

    /// <summary>An OpenTelemetry collector (OTLP over gRPC, e.g. <c>http://collector:4317</c>); unset: no OTLP export.</summary>
    public Uri? OtlpEndpoint { get; set; }
}
