using System.CommandLine;
using CrmSync.SyncAgent.Hosting;

namespace CrmSync.SyncAgent.Cli;

/// <summary>Installs or removes the service described by a <see cref="ServiceUnit"/> on this operating system.</summary>
internal sealed class ServiceInstaller(CliEnvironment environment, ParseResult parseResult)
{
    private readonly TextWriter _output = parseResult.InvocationConfiguration.Output;
    private readonly TextWriter _error = parseResult.InvocationConfiguration.Error;

    public async Task<int> InstallAsync(ServiceUnit unit, bool dryRun, CancellationToken cancellationToken)
    {
        switch (environment.Platform())
        {
            case OSPlatform.Linux:
                var text = unit.ToSystemdUnit();
                if (dryRun)
                {
                    await _output.WriteLineAsync($"# would write {unit.SystemdUnitPath}:").ConfigureAwait(false);
                    await _output.WriteAsync(text).ConfigureAwait(false);
                    await _output.WriteLineAsync($"# would run: systemctl daemon-reload && systemctl enable {unit.Name}").ConfigureAwait(false);
                    return ExitCodes.Success;
                }

                await File.WriteAllTextAsync(unit.SystemdUnitPath, text, cancellationToken).ConfigureAwait(false);
                await _output.WriteLineAsync($"Wrote {unit.SystemdUnitPath}").ConfigureAwait(false);
                return await RunAllAsync($"Enabled {unit.Name}; start it with: systemctl start {unit.Name} (secrets go in /etc/{unit.Name}/{unit.Name}.env)", cancellationToken,
                    ("systemctl", ["daemon-reload"]), ("systemctl", ["enable", unit.Name])).ConfigureAwait(false);
            case OSPlatform.Windows:
                var arguments = unit.ToWindowsCreateArguments();
                if (dryRun)
                {
                    await _output.WriteLineAsync("# would run: sc.exe " + string.Join(' ', arguments)).ConfigureAwait(false);
                    return ExitCodes.Success;
                }

                return await RunAllAsync($"Created service {unit.Name}; start it with: sc.exe start {unit.Name}", cancellationToken, ("sc.exe", arguments)).ConfigureAwait(false);
            default:
                return await UnsupportedAsync().ConfigureAwait(false);
        }
    }

    public async Task<int> UninstallAsync(ServiceUnit unit, bool dryRun, CancellationToken cancellationToken)
    {
        switch (environment.Platform())
        {
            case OSPlatform.Linux:
                if (dryRun)
                {
                    await _output.WriteLineAsync($"# would run: systemctl disable --now {unit.Name}; remove {unit.SystemdUnitPath}; systemctl daemon-reload").ConfigureAwait(false);
                    return ExitCodes.Success;
                }

                // A unit that is not running or not enabled makes disable fail; removing the file is what matters.
                await environment.RunProcess("systemctl", ["disable", "--now", unit.Name], cancellationToken).ConfigureAwait(false);
                File.Delete(unit.SystemdUnitPath);
                return await RunAllAsync($"Removed {unit.SystemdUnitPath}", cancellationToken, ("systemctl", ["daemon-reload"])).ConfigureAwait(false);
            case OSPlatform.Windows:
                if (dryRun)
                {
                    await _output.WriteLineAsync($"# would run: sc.exe stop {unit.Name}; sc.exe delete {unit.Name}").ConfigureAwait(false);
                    return ExitCodes.Success;
                }

                await environment.RunProcess("sc.exe", ["stop", unit.Name], cancellationToken).ConfigureAwait(false);
                return await RunAllAsync($"Deleted service {unit.Name}", cancellationToken, ("sc.exe", ["delete", unit.Name])).ConfigureAwait(false);
            default:
                return await UnsupportedAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Runs <paramref name="commands"/> in order, stopping at the first that fails; writes <paramref name="doneMessage"/> when all succeed.</summary>
    private async Task<int> RunAllAsync(string doneMessage, CancellationToken cancellationToken, params (string File, IReadOnlyList<string> Arguments)[] commands)
    {
        foreach (var (file, arguments) in commands)
        {
            var code = await environment.RunProcess(file, arguments, cancellationToken).ConfigureAwait(false);
            if (code != 0)
            {
                await _error.WriteLineAsync($"crmsync: {file} {string.Join(' ', arguments)} exited with {code}").ConfigureAwait(false);
                return ExitCodes.Failure;
            }
        }

        await _output.WriteLineAsync(doneMessage).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private async Task<int> UnsupportedAsync()
    {
        await _error.WriteLineAsync("crmsync: service install supports Linux (systemd) and Windows only; on this system run `crmsync run` under your own supervisor.").ConfigureAwait(false);
        return ExitCodes.Failure;
    }
}
