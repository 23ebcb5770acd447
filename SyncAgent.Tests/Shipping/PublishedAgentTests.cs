using System.Diagnostics;
using System.Text;

namespace CrmSync.SyncAgent.Tests.Shipping;

/// <summary>
/// Only the product ships (issue 12): the agent's runtime dependency graph and a real <c>dotnet publish</c> of it hold
/// no emulator, packager, test code or Microsoft.Xrm.Sdk.dll. The self-contained single-file publishes for linux-x64
/// and win-x64 are checked by <c>.ci/run</c> (they restore runtime packs and take minutes).
/// </summary>
public sealed class PublishedAgentTests
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public void Violations_OfTheOldPublishOutput_NameEachTestWorldFile()
    {
        // Files the first release's publish held (issue 12 item 5); the guard must name every one.
        string[] files = ["crmsync.dll", "CrmSync.DataverseEmulator.dll", "CrmSync.MarketoEmulator.dll", "CrmSync.SolutionPackager.dll",
            "Microsoft.Xrm.Sdk.dll", "CrmSync.Plugins.dll", "Polly.Core.dll"];

        var violations = ShippedFiles.Violations(files);

        Assert.Equal(
            ["CrmSync.DataverseEmulator.dll: an emulator", "CrmSync.MarketoEmulator.dll: an emulator", "CrmSync.SolutionPackager.dll: the solution packager",
                "Microsoft.Xrm.Sdk.dll: the Microsoft.Xrm.Sdk reference surface (Dataverse provides the real one)",
                "CrmSync.Plugins.dll: the plug-in DLL (it ships inside the managed solution zip)"],
            violations);
    }

    [Fact]
    public void DepsJson_OfTheBuiltAgent_NamesOnlyTheProduct()
    {
        var deps = Path.Combine(ShippedFiles.RepoRoot, "SyncAgent", "bin", ShippedFiles.Configuration, "net10.0", "crmsync.deps.json");
        Assert.True(File.Exists(deps), $"{deps} is missing: the agent was not built with configuration {ShippedFiles.Configuration}.");

        var named = ShippedFiles.NamedByDepsJson(deps);

        Assert.Contains("crmsync/1.0.0", named);
        Assert.Contains("crmsync.dll", named);
        Assert.Contains("lib/net8.0/Microsoft.Identity.Client.dll", named);
        Assert.Empty(ShippedFiles.Violations(named));
    }

    [Fact]
    public async Task Publish_TheAgent_HoldsTheProductAndNothingElse()
    {
        var output = Directory.CreateTempSubdirectory("crmsync-publish-");
        try
        {
            var (exit, log) = await DotnetAsync(
                ["publish", Path.Combine(ShippedFiles.RepoRoot, "SyncAgent", "CrmSync.SyncAgent.csproj"), "--no-build", "-c", ShippedFiles.Configuration, "-o", output.FullName]);
            Assert.True(exit == 0, log);

            var files = Directory.EnumerateFiles(output.FullName, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(output.FullName, f).Replace('\\', '/'))
                .Order(StringComparer.Ordinal)
                .ToList();
            var listing = string.Join('\n', files);

            Assert.Empty(ShippedFiles.Violations(files));
            Assert.Contains("crmsync.dll", files);
            Assert.Contains("crmsync.runtimeconfig.json", files);
            Assert.Contains("Microsoft.Data.Sqlite.dll", files);
            Assert.True(files.Contains("solution/CrmSync_1.0.0.0_managed.zip", StringComparer.Ordinal), listing);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Log)> DotnetAsync(IReadOnlyList<string> arguments)
    {
        // The test host runs under the dotnet muxer; use the same one.
        var dotnet = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        var log = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(PublishTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(' ', arguments)} did not finish within {PublishTimeout}:\n{log}");
        }

        return (process.ExitCode, log.ToString());
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }
}
