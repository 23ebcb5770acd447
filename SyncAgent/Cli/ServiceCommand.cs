using System.CommandLine;
using CrmSync.SyncAgent.Hosting;

namespace CrmSync.SyncAgent.Cli;

/// <summary>
/// <c>crmsync service install|uninstall [--name] [--user] [--dry-run]</c>: a systemd unit on Linux (written to
/// /etc/systemd/system, then <c>systemctl daemon-reload</c> and <c>enable</c>), a Windows service through sc.exe.
/// </summary>
internal static class ServiceCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var name = new Option<string>("--name") { Description = "The service name", DefaultValueFactory = _ => ServiceUnit.DefaultName };
        var user = new Option<string?>("--user") { Description = "The account the service runs as (systemd User=)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would be written and run, change nothing" };
        var install = new Command("install", "Register `crmsync run` as a service that starts at boot") { name, user, dryRun };
        install.SetAction((parseResult, ct) => new ServiceInstaller(environment, parseResult).InstallAsync(Unit(parseResult, name, user), parseResult.GetValue(dryRun), ct));
        var uninstall = new Command("uninstall", "Stop and remove the service") { name, dryRun };
        uninstall.SetAction((parseResult, ct) => new ServiceInstaller(environment, parseResult).UninstallAsync(Unit(parseResult, name, null), parseResult.GetValue(dryRun), ct));
        return new Command("service", "Install or remove the agent as a system service") { install, uninstall };
    }

    private static ServiceUnit Unit(ParseResult parseResult, Option<string> name, Option<string?>? user)
    {
        // The apphost (crmsync / crmsync.exe) beside the assembly; `dotnet crmsync.dll` would make dotnet the service.
        var apphost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "crmsync.exe" : "crmsync");
        var executable = File.Exists(apphost) ? apphost : Environment.ProcessPath ?? apphost;
        return new ServiceUnit(parseResult.GetValue(name)!, executable, Directory.GetCurrentDirectory(), user is null ? null : parseResult.GetValue(user));
    }
}
