using System.ComponentModel.DataAnnotations;
using CrmSync.SyncAgent.Validation;

namespace CrmSync.SyncAgent.Alerts;

/// <summary>Section <c>CrmSync:Alerts</c> (DESIGN B20): what is pushed, and where.</summary>
internal sealed class AlertOptions
{
    /// <summary>Consecutive failed cycles that raise an alert.</summary>
    [Range(1, 1000, ErrorMessage = "CrmSync:Alerts:FailedCycles must be between 1 and 1000.")]
    public int FailedCycles { get; set; } = 3;

    /// <summary>No completed cycle for this long raises an alert.</summary>
    [TimeSpanRange("00:01:00", "7.00:00:00", ErrorMessage = "CrmSync:Alerts:StallAfter must be between 00:01:00 and 7.00:00:00.")]
    public TimeSpan StallAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the conditions are evaluated.</summary>
    [TimeSpanRange("00:00:01", "01:00:00", ErrorMessage = "CrmSync:Alerts:CheckInterval must be between 00:00:01 and 01:00:00.")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Incoming webhook (Teams, Slack): receives <c>{"text": "..."}</c>. None: no webhook alerts.</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>E-mail over SMTP. No host: no e-mail alerts.</summary>
    public AlertSmtpOptions Smtp { get; set; } = new();
}
