using System.Globalization;

namespace CrmSync.SyncAgent.Alerts;

/// <summary>The one-line titles of the alerts.</summary>
internal static class AlertTitles
{
    public static string For(AlertKind kind, AlertOptions options) => kind switch
    {
        AlertKind.FailedCycles => string.Create(CultureInfo.InvariantCulture, $"{options.FailedCycles} or more cycles failed in a row"),
        AlertKind.Stalled => string.Create(CultureInfo.InvariantCulture, $"no cycle completed for {options.StallAfter}"),
        AlertKind.MarketoQuota => "90 % of the agent's Marketo daily quota share used",
        AlertKind.ServiceProtection => "cycles stopped by Dataverse service protection",
        _ => kind.ToString(),
    };
}
