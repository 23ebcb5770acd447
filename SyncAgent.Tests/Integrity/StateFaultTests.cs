using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CrmSync.SyncAgent.Cli;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State.Sqlite;
using CrmSync.SyncAgent.Tests.Ops;
using CrmSync.SyncAgent.Tests.Reliability;
using Microsoft.Data.Sqlite;

namespace CrmSync.SyncAgent.Tests.Integrity;

/// <summary>
/// Issue 18 item 7: a damaged state file, random bytes instead of a database, a read-only file or folder. Before: empty
/// 500s, healthy health, exit 1 with an unhandled exception and no path. Now: the file named and what to do, exit 1,
/// 503 with the message, health unhealthy, and the file left as it was.
/// </summary>
public sealed class StateFaultTests : IAsyncLifetime
{
    private const int Seed = 1807;
    private readonly StateFiles _files = new();
    private OpsTestHost _host = null!;

    public async Task InitializeAsync() => _host = await OpsTestHost.StartAsync();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _files.Dispose();
    }

    private async Task<string> DamagedInTheMiddleAsync()
    {
        var file = await _files.CreateAsync(rejections: 3000, links: 200);
        var bytes = await File.ReadAllBytesAsync(file);
        var random = new Random(Seed);
        for (var i = bytes.Length * 3 / 10; i < bytes.Length * 7 / 10; i++)
        {
            bytes[i] = (byte)random.Next(256);
        }

        await File.WriteAllBytesAsync(file, bytes);
        return file;
    }

    private static string Hash(string file) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));

    private Task<(int ExitCode, string Output, string Error)> CliAsync(string file, params string[] args)
    {
        _host.Settings["CrmSync:State:ConnectionString"] = StateFiles.ConnectionString(file);
        return CliRun.RunAsync(_host.Cli(), args);
    }

    [Fact]
    public async Task Status_DamagedInTheMiddle_ExitsOneNamingTheFileAndWhatToDo()
    {
        var file = await DamagedInTheMiddleAsync();
        var before = Hash(file);

        // A search reads every rejection, so it reaches the damaged pages (the newest ones, at the end, are intact).
        var (exitCode, output, error) = await CliAsync(file, "status", "--search", "number 1500");

        Assert.True(exitCode == ExitCodes.Failure, $"seed {Seed}, exit {exitCode}: {output}{error}");
        Assert.Contains($"The state file '{file}' is damaged", error, StringComparison.Ordinal);
        Assert.Contains("crmsync state check", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, Hash(file));
    }

    [Fact]
    public async Task StateCheck_DamagedInTheMiddle_ExitsOneListingProblems()
    {
        var file = await DamagedInTheMiddleAsync();

        var (exitCode, output, error) = await HarnessCli.RunAsync(new Dictionary<string, string?> { ["CrmSync:State:ConnectionString"] = StateFiles.ConnectionString(file) }, "state", "check");

        Assert.True(exitCode == ExitCodes.Failure, $"seed {Seed}, exit {exitCode}: {output}{error}");
        Assert.Contains(file, output + error, StringComparison.Ordinal);
        Assert.Contains("damaged", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StateCheck_SoundFile_PassesWithExitZero()
    {
        var file = await _files.CreateAsync(rejections: 10, links: 10);

        var (exitCode, output, _) = await HarnessCli.RunAsync(new Dictionary<string, string?> { ["CrmSync:State:ConnectionString"] = StateFiles.ConnectionString(file) }, "state", "check");

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains($"State file '{file}': integrity check passed.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusPages_DamagedInTheMiddle_Answer503WithTheMessageAndHealthzFollows()
    {
        var file = await DamagedInTheMiddleAsync();
        _host.Settings["CrmSync:State:ConnectionString"] = StateFiles.ConnectionString(file);
        var (app, client) = await _host.StartWebAsync();
        await using var web = app;
        using var http = client;

        using var api = await client.GetAsync("/api/rejections");
        var apiJson = JsonNode.Parse(await api.Content.ReadAsStringAsync())!;
        using var page = await client.GetAsync("/");
        var pageText = await page.Content.ReadAsStringAsync();
        using var health = await client.GetAsync("/healthz");
        var healthText = await health.Content.ReadAsStringAsync();
        await app.StopAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Contains($"The state file '{file}' is damaged", (string?)apiJson["error"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Contains($"The state file '{file}' is damaged", pageText, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("is damaged", healthText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_RandomBytesOverTheFile_ExitsOneSayingNotADatabaseAndLeavesTheFile()
    {
        var file = _files.PathOf();
        var bytes = new byte[16384];
        new Random(Seed).NextBytes(bytes);
        await File.WriteAllBytesAsync(file, bytes);

        var (exitCode, output, error) = await CliAsync(file, "status");
        var (checkExit, checkOutput, checkError) = await HarnessCli.RunAsync(new Dictionary<string, string?> { ["CrmSync:State:ConnectionString"] = StateFiles.ConnectionString(file) }, "state", "check");

        Assert.True(exitCode == ExitCodes.Failure, $"seed {Seed}, exit {exitCode}: {output}{error}");
        Assert.Contains($"The state file '{file}' is not a SQLite database", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failure, checkExit);
        Assert.Contains($"The state file '{file}' is not a SQLite database", checkOutput + checkError, StringComparison.Ordinal);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(file));
        Assert.False(File.Exists(file + "-wal"));
    }

    [Fact]
    public async Task Status_ReadOnlyFile_ExitsOneSayingReadOnly()
    {
        var file = await _files.CreateAsync(links: 2);
        var before = Hash(file);
        _files.MakeReadOnly(file);

        var (exitCode, output, error) = await CliAsync(file, "sync", "--once");

        Assert.True(exitCode == ExitCodes.Failure, $"exit {exitCode}: {output}{error}");
        Assert.Contains($"The state file '{file}'", error, StringComparison.Ordinal);
        Assert.Contains("read-only", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
        Assert.Equal(before, Hash(file));
    }

    [Fact]
    public async Task SyncOnce_ReadOnlyFolder_ExitsOneNamingTheFile()
    {
        var file = await _files.CreateAsync(links: 2);
        _files.MakeReadOnly(_files.Folder);

        var (exitCode, output, error) = await CliAsync(file, "sync", "--once");

        Assert.True(exitCode == ExitCodes.Failure, $"exit {exitCode}: {output}{error}");
        Assert.Contains($"The state file '{file}'", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StateBackup_WhileAWriterHoldsATransaction_CopiesTheLastCommit()
    {
        var file = await _files.CreateAsync(links: 25);
        await using var service = new SqliteStateStore(StateFiles.ConnectionString(file), TimeProvider.System);
        await service.InitializeAsync();
        var target = _files.PathOf("backup.db");

        await using (var open = await service.BeginAsync())
        {
            await open.AddLinksAsync([new Link(999, new RecordKey(SyncEntity.Lead, Guid.NewGuid()))]);
            var (exitCode, output, error) = await HarnessCli.RunAsync(new Dictionary<string, string?> { ["CrmSync:State:ConnectionString"] = StateFiles.ConnectionString(file) }, "state", "backup", target);
            Assert.True(exitCode == ExitCodes.Success, output + error);
            await open.CommitAsync();
        }

        await using var copy = new SqliteStateStore(StateFiles.ConnectionString(target), TimeProvider.System);
        await copy.InitializeAsync();
        Assert.Equal(25, await copy.CountLinksAsync());
        Assert.Equal(26, await service.CountLinksAsync());
        Assert.Equal(service.StateId, copy.StateId);
    }

    [Fact]
    public async Task StateBackup_TargetExists_ExitsOneAndLeavesItAlone()
    {
        var file = await _files.CreateAsync(links: 1);
        var target = _files.PathOf("existing.bak");
        await File.WriteAllTextAsync(target, "keep me");

        var (exitCode, output, error) = await HarnessCli.RunAsync(new Dictionary<string, string?> { ["CrmSync:State:ConnectionString"] = StateFiles.ConnectionString(file) }, "state", "backup", target);

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Contains($"The backup target '{target}' already exists; nothing was overwritten.", output + error, StringComparison.Ordinal);
        Assert.Equal("keep me", await File.ReadAllTextAsync(target));
    }
}
