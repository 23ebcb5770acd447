using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.State.Sqlite;
using Microsoft.Data.Sqlite;
using static CrmSync.SyncAgent.Tests.Engine.PlanData;

namespace CrmSync.SyncAgent.Tests.State;

/// <summary>The contract on a SQLite file in a temporary directory, plus what only a file can show.</summary>
public sealed class SqliteFileStateStoreTests : StateStoreContractTests
{
    private readonly string directory = Directory.CreateTempSubdirectory("crmsync-state-").FullName;

    private string ConnectionString => $"Data Source={Path.Combine(directory, "crmsync.db")}";

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    internal override StateStore CreateStore() => new SqliteStateStore(ConnectionString, Time);

    [Fact]
    public async Task InitializeAsync_File_UsesWalAndForeignKeys()
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Transaction_Open_OtherReaderSeesLastCommit()
    {
        await InTransaction(t => t.SetCursorAsync(CursorNames.StagingPosition, "1"));
        await using var other = new SqliteStateStore(ConnectionString, Time);
        await other.InitializeAsync();

        await using var transaction = await Store.BeginAsync();
        await transaction.SetCursorAsync(CursorNames.StagingPosition, "2");
        var duringWrite = await other.GetCursorAsync(CursorNames.StagingPosition);
        await transaction.CommitAsync();

        Assert.Equal("1", duringWrite);
        Assert.Equal("2", await other.GetCursorAsync(CursorNames.StagingPosition));
    }

    [Fact]
    public async Task BeginAsync_WhileTransactionsOfThisProcessAreOpen_QueuesFirstComeFirstServedWithoutBlockingTheCaller()
    {
        // Issue 17: before, a second BEGIN IMMEDIATE blocked its thread in SQLite's busy loop (150 ms sleeps, in no order).
        await using var other = new SqliteStateStore(ConnectionString, Time);
        await other.InitializeAsync();
        var bound = TimeSpan.FromSeconds(20);
        var first = await Store.BeginAsync();

        var second = other.BeginAsync();
        var third = Store.BeginAsync();

        Assert.False(second.IsCompleted, "the second transaction began while the first was open");
        Assert.False(third.IsCompleted, "the third transaction began while the first was open");
        await first.SetCursorAsync(CursorNames.StagingPosition, "first");
        await first.CommitAsync();
        await first.DisposeAsync();
        await using (var began = await second.WaitAsync(bound))
        {
            Assert.False(third.IsCompleted, "the third transaction began before the second ended");
            await began.SetCursorAsync(CursorNames.StagingPosition, "second");
            await began.CommitAsync();
        }

        await using (var began = await third.WaitAsync(bound))
        {
            Assert.Equal("second", await Store.GetCursorAsync(CursorNames.StagingPosition));
            await began.SetCursorAsync(CursorNames.StagingPosition, "third");
            await began.CommitAsync();
        }

        Assert.Equal("third", await other.GetCursorAsync(CursorNames.StagingPosition));
    }

    [Fact]
    public async Task BeginAsync_DisposedTwiceAndRolledBack_LetsTheNextTransactionBeginOnce()
    {
        var first = await Store.BeginAsync();
        await first.SetCursorAsync(CursorNames.StagingPosition, "rolled back");
        await first.DisposeAsync();
        await first.DisposeAsync();

        await using var second = await Store.BeginAsync().WaitAsync(TimeSpan.FromSeconds(20));
        var third = Store.BeginAsync();

        Assert.False(third.IsCompleted, "two transactions began at once after a double dispose");
        Assert.Null(await Store.GetCursorAsync(CursorNames.StagingPosition));
        await second.DisposeAsync();
        await using var began = await third.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Reopen_AfterCommit_StateIsDurable()
    {
        await InTransaction(async t =>
        {
            await t.AddLinksAsync([new Link(5, Contact(5))]);
            await t.SetShadowsAsync([Shadow(5, "phone", "555")]);
        });
        await Store.DisposeAsync();

        await using var reopened = new SqliteStateStore(ConnectionString, Time);
        await reopened.InitializeAsync();

        Assert.Equal(new Link(5, Contact(5)), await reopened.FindLinkAsync(5));
        Assert.Equal([Shadow(5, "phone", "555")], await reopened.GetShadowsAsync([5L]));
    }

    [Fact]
    public async Task InitializeAsync_DatabaseNewerThanCode_IsRefused()
    {
        await using (var connection = new SqliteConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO schema_migrations (version, description, applied_on) VALUES (999, 'future', 'x')";
            await command.ExecuteNonQueryAsync();
        }

        await using var newer = new SqliteStateStore(ConnectionString, Time);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => newer.InitializeAsync());
        Assert.Contains("999", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Values_HostileText_IsStoredVerbatim()
    {
        const string hostile = "x'); DROP TABLE links; --";
        await InTransaction(async t =>
        {
            await t.AddLinksAsync([new Link(1, Lead(1))]);
            await t.SetCursorAsync(hostile, hostile);
        });

        Assert.Equal(hostile, await Store.GetCursorAsync(hostile));
        Assert.Equal(1, await Store.CountLinksAsync());
    }
}

/// <summary>The contract on a private in-memory SQLite database.</summary>
public sealed class SqliteMemoryStateStoreTests : StateStoreContractTests
{
    internal override StateStore CreateStore() => new SqliteStateStore("Data Source=:memory:", Time);

    [Fact]
    public async Task Memory_TwoStores_AreIsolated()
    {
        await using var other = new SqliteStateStore("Data Source=:memory:", Time);
        await other.InitializeAsync();

        await InTransaction(t => t.SetCursorAsync("c", "v"));

        Assert.Null(await other.GetCursorAsync("c"));
        Assert.Equal("v", await Store.GetCursorAsync("c"));
    }
}
