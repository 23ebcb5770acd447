using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Hosting;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.State.Sqlite;
using CrmSync.SyncAgent.Tests.Ops;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Tests.Integrity;

/// <summary>
/// Issue 18 item 6: a state file deleted or replaced under a running agent. Before, commits went on into the unlinked
/// file (pooled connections) and health stayed healthy; now the writer guard checks the state's identity and the service
/// loop stops with the reason, which <c>/healthz</c> reports.
/// </summary>
public sealed class StateIdentityTests : IDisposable
{
    private readonly StateFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task AcquireWriterAsync_StateFileDeleted_ThrowsFatalNamingTheFile()
    {
        var file = await _files.CreateAsync(links: 3);
        await using var store = new SqliteStateStore(StateFiles.ConnectionString(file), TimeProvider.System);
        await store.InitializeAsync();
        Assert.Equal(3, await store.CountLinksAsync());

        File.Delete(file);
        var fault = await Assert.ThrowsAsync<StateStoreException>(() => store.AcquireWriterAsync("cycle"));

        Assert.True(fault.IsFatal);
        Assert.Contains($"The state file '{file}' vanished", fault.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(file), "the vanished state was silently re-created");
    }

    [Fact]
    public async Task AcquireWriterAsync_StateFileReplacedByAnotherState_ThrowsFatal()
    {
        var file = await _files.CreateAsync(links: 3);
        var other = await _files.CreateAsync("other.db", links: 1);
        await using var store = new SqliteStateStore(StateFiles.ConnectionString(file), TimeProvider.System);
        await store.InitializeAsync();

        File.Move(other, file, overwrite: true);
        var fault = await Assert.ThrowsAsync<StateStoreException>(() => store.AcquireWriterAsync("cycle"));

        Assert.True(fault.IsFatal);
        Assert.Contains($"The state file '{file}' was replaced while the agent was running", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcquireWriterAsync_StateFileReplacedByAnOlderBackupOfTheSameState_ThrowsFatal()
    {
        // The same state id, so the identity check alone let the agent go on writing into the rewound state.
        var file = await _files.CreateAsync(links: 3);
        var backup = _files.PathOf("backup.db");
        await using var store = new SqliteStateStore(StateFiles.ConnectionString(file), TimeProvider.System);
        await store.InitializeAsync();
        await store.StartCycleAsync(DateTimeOffset.UnixEpoch);
        using (var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString()))
        using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = backup, Pooling = false }.ToString()))
        {
            source.Open();
            source.BackupDatabase(copy);
        }

        await using (await store.AcquireWriterAsync("cycle"))
        {
            await store.StartCycleAsync(DateTimeOffset.UnixEpoch.AddMinutes(5));
        }

        // The operator's restore: the running state checkpointed (its WAL empty), then the backup moved over the file.
        using (var checkpoint = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString()))
        {
            checkpoint.Open();
            using var command = checkpoint.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            command.ExecuteNonQuery();
        }

        File.Move(backup, file, overwrite: true);
        var fault = await Assert.ThrowsAsync<StateStoreException>(() => store.AcquireWriterAsync("cycle"));

        Assert.True(fault.IsFatal);
        Assert.Equal(
            $"The state file '{file}' was replaced by an older copy of the same state (a backup?): its last cycle is 1, the agent already ran cycle 2. The agent stopped writing so nothing runs twice or is lost; restart the agent to continue from the older copy on purpose.",
            fault.Message);
    }

    [Fact]
    public async Task InitializeAsync_SameFileTwice_KeepsItsStateId()
    {
        var file = await _files.CreateAsync();
        await using var first = new SqliteStateStore(StateFiles.ConnectionString(file), TimeProvider.System);
        await first.InitializeAsync();
        await using var second = new SqliteStateStore(StateFiles.ConnectionString(file), TimeProvider.System);
        await second.InitializeAsync();

        Assert.Matches("^[0-9a-f]{32}$", first.StateId);
        Assert.Equal(first.StateId, second.StateId);
        await using var held = await second.AcquireWriterAsync("cycle");
    }

    [Fact]
    public async Task Service_StateFileDeletedWhileRunning_StopsCyclesAndHealthzSays503WithTheReason()
    {
        var file = await _files.CreateAsync();
        await using var host = await OpsTestHost.StartAsync();
        host.Settings["CrmSync:State:ConnectionString"] = StateFiles.ConnectionString(file);
        var (app, client) = await host.StartWebAsync();
        await using var web = app;
        using var http = client;
        var services = app.Services;
        var health = services.GetRequiredService<StateHealth>();
        Assert.NotNull(services.GetRequiredService<StateStore>());

        File.Delete(file);
        using var worker = new SyncWorker(
            services.GetRequiredService<SyncCycle>(), services.GetRequiredService<StateStore>(), health,
            Options.Create(new SyncOptions { Interval = TimeSpan.FromMilliseconds(50) }), TimeProvider.System, NullLogger<SyncWorker>.Instance);
        await worker.StartAsync(CancellationToken.None);
        await worker.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
        using var response = await client.GetAsync("/healthz");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Contains($"The state file '{file}' vanished", health.Fault, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("vanished", body, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
        await app.StopAsync();
        SqliteConnection.ClearAllPools();
    }
}
