using CrmSync.SyncAgent.Alerts;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Marketo;

namespace CrmSync.SyncAgent.Configuration;

/// <summary>
/// The agent's configuration: section <c>CrmSync</c> of <c>appsettings.json</c>, overridable by environment
/// variables <c>CrmSync__Section__Key</c>. Validated at start by <see cref="CrmSyncOptionsValidator"/>.
/// </summary>
internal sealed class CrmSyncOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "CrmSync";

    /// <summary>Dynamics 365 / Dataverse.</summary>
    public DataverseOptions Dataverse { get; set; } = new();

    /// <summary>Marketo.</summary>
    public MarketoOptions Marketo { get; set; } = new();

    /// <summary>Cycle timing and the field mapping.</summary>
    public SyncOptions Sync { get; set; } = new();

    /// <summary>The state store.</summary>
    public StateOptions State { get; set; } = new();

    /// <summary>The sync-person webhook.</summary>
    public WebhookOptions Webhook { get; set; } = new();

    /// <summary>The agent's own HTTP endpoint (webhook, health, status page).</summary>
    public HttpOptions Http { get; set; } = new();

    /// <summary>Pushed alerts: conditions and channels (DESIGN B20).</summary>
    public AlertOptions Alerts { get; set; } = new();

    /// <summary>Metrics and traces export (DESIGN B20).</summary>
    public Telemetry.TelemetryOptions Telemetry { get; set; } = new();

    /// <summary>What <c>crmsync history</c> shows (DESIGN B19).</summary>
    public History.HistoryOptions History { get; set; } = new();
}
