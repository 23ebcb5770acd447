using CrmSync.SyncAgent.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.SyncAgent.Cli;

/// <summary>What the commands take from the world outside the process; tests replace parts of it.</summary>
internal sealed class CliEnvironment
{
    /// <summary>Loads the configuration for a <c>--config</c> value (null when not given).</summary>
    public Func<string?, IConfiguration> LoadConfiguration { get; init; } = AgentConfiguration.Load;

    /// <summary>Runs after <see cref="AgentServices.AddCrmSyncAgent"/>, e.g. to put fake HTTP handlers under the connectors.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Runs an external program (systemctl, sc.exe) and returns its exit code.</summary>
    public Func<string, IReadOnlyList<string>, CancellationToken, Task<int>> RunProcess { get; init; } = ProcessRunner.RunAsync;

    /// <summary>The operating system family, for <c>service install</c>.</summary>
    public Func<OSPlatform> Platform { get; init; } = OSPlatformDetector.Current;
}

/// <summary>The operating systems <c>service install</c> knows.</summary>
internal enum OSPlatform
{
    Linux,
    Windows,
    Other,
}

/// <summary>Detects <see cref="OSPlatform"/>.</summary>
internal static class OSPlatformDetector
{
    public static OSPlatform Current() =>
        OperatingSystem.IsLinux() ? OSPlatform.Linux : OperatingSystem.IsWindows() ? OSPlatform.Windows : OSPlatform.Other;
}
