using System.Globalization;
using System.Text;

namespace CrmSync.SyncAgent.Hosting;

/// <summary>
/// What `crmsync service install` registers: on Linux a systemd unit (Type=notify, which
/// Microsoft.Extensions.Hosting.Systemd answers), on Windows a service created with sc.exe
/// (Microsoft.Extensions.Hosting.WindowsServices answers the service control manager).
/// </summary>
internal sealed record ServiceUnit(string Name, string ExecutablePath, string WorkingDirectory, string? User)
{
    /// <summary>The default service name.</summary>
    public const string DefaultName = "crmsync";

    /// <summary>Where systemd looks for administrator-installed units.</summary>
    public string SystemdUnitPath => $"/etc/systemd/system/{Name}.service";

    /// <summary>The systemd unit file text.</summary>
    public string ToSystemdUnit()
    {
        var text = new StringBuilder();
        text.AppendLine("[Unit]");
        text.AppendLine("Description=CrmSync: Marketo <-> Dynamics 365 sync agent");
        text.AppendLine("Wants=network-online.target");
        text.AppendLine("After=network-online.target");
        text.AppendLine();
        text.AppendLine("[Service]");
        text.AppendLine("Type=notify");
        text.AppendLine(CultureInfo.InvariantCulture, $"ExecStart={Quote(ExecutablePath)} run");
        text.AppendLine(CultureInfo.InvariantCulture, $"WorkingDirectory={Quote(WorkingDirectory)}");
        if (!string.IsNullOrEmpty(User))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"User={User}");
        }

        // Secrets come from an environment file readable by root only, never from the unit itself.
        text.AppendLine(CultureInfo.InvariantCulture, $"EnvironmentFile=-/etc/{Name}/{Name}.env");
        text.AppendLine("Restart=on-failure");
        text.AppendLine("RestartSec=30");
        text.AppendLine("TimeoutStopSec=120");
        text.AppendLine();
        text.AppendLine("[Install]");
        text.AppendLine("WantedBy=multi-user.target");
        return text.ToString();
    }

    /// <summary>The sc.exe arguments that create the Windows service.</summary>
    public IReadOnlyList<string> ToWindowsCreateArguments() =>
        ["create", Name, $"binPath=\"{ExecutablePath}\" run", "start=delayed-auto", $"DisplayName=CrmSync ({Name})"];

    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"\"{path}\"" : path;
}
