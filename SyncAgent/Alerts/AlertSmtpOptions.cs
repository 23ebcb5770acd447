using System.ComponentModel.DataAnnotations;

namespace CrmSync.SyncAgent.Alerts;

/// <summary>Section <c>CrmSync:Alerts:Smtp</c>: e-mail alerts through MailKit.</summary>
internal sealed class AlertSmtpOptions
{
    /// <summary>The SMTP server; unset turns e-mail alerts off.</summary>
    public string? Host { get; set; }

    /// <summary>The port (587 submission with STARTTLS by default; 465 is TLS on connect).</summary>
    [Range(1, 65535, ErrorMessage = "CrmSync:Alerts:Smtp:Port must be between 1 and 65535.")]
    public int Port { get; set; } = 587;

    /// <summary>TLS required (STARTTLS, or TLS on connect on port 465); false sends in clear text (loopback relays only).</summary>
    public bool UseTls { get; set; } = true;

    /// <summary>User name; unset sends without authenticating.</summary>
    public string? User { get; set; }

    /// <summary>Password. Never logged, never in an alert.</summary>
    public string? Password { get; set; }

    /// <summary>The sender address.</summary>
    public string? From { get; set; }

    /// <summary>Recipients, separated by <c>,</c> or <c>;</c>.</summary>
    public string? To { get; set; }

    /// <summary>Whether e-mail alerts are on.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    /// <summary>The recipients, split.</summary>
    public IReadOnlyList<string> Recipients =>
        (To ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
