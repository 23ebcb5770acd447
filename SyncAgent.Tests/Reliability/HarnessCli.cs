using CrmSync.SyncAgent.Tests.EndToEnd;
using CrmSync.SyncAgent.Tests.Ops;
using Microsoft.Extensions.Configuration;

namespace CrmSync.SyncAgent.Tests.Reliability;

/// <summary>Runs <c>crmsync</c> commands in-process with the configuration of a <see cref="SyncHarness"/> (same emulators, same state file).</summary>
internal static class HarnessCli
{
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(SyncHarness sut, params string[] args) =>
        RunAsync(sut.Settings, args);

    public static Task<(int ExitCode, string Output, string Error)> RunAsync(Dictionary<string, string?> settings, params string[] args) =>
        CliRun.RunAsync(InProcessAgent.Cli(() => new ConfigurationBuilder().AddInMemoryCollection(settings).Build()), args);
}
