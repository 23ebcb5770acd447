using CrmSync.SyncAgent.Tests.EndToEnd;
using CrmSync.SyncAgent.Tests.Ops;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.SyncAgent.Tests.Reliability;

/// <summary>Runs <c>crmsync</c> commands in-process with the configuration of a <see cref="SyncHarness"/> (same emulators, same state file).</summary>
internal static class HarnessCli
{
    public static Dictionary<string, string?> Settings(SyncHarness sut) =>
        sut.Services.GetRequiredService<IConfigurationRoot>().AsEnumerable()
            .Where(p => p.Value is not null && p.Key.StartsWith("CrmSync:", StringComparison.Ordinal))
            .ToDictionary(p => p.Key, p => p.Value);

    public static Task<(int ExitCode, string Output, string Error)> RunAsync(SyncHarness sut, params string[] args) =>
        RunAsync(Settings(sut), args);

    public static Task<(int ExitCode, string Output, string Error)> RunAsync(Dictionary<string, string?> settings, params string[] args) =>
        CliRun.RunAsync(InProcessAgent.Cli(() => new ConfigurationBuilder().AddInMemoryCollection(settings).Build()), args);
}
