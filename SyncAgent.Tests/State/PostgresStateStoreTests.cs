using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.State.Postgres;
using CrmSync.SyncAgent.Tests.Postgres;
using Npgsql;
using static CrmSync.SyncAgent.Tests.Engine.PlanData;

namespace CrmSync.SyncAgent.Tests.State;

/// <summary>
/// The contract on PostgreSQL (a database for this class in the run's throw-away cluster, a fresh pair schema per
/// test), plus what only a server database shows: concurrent readers, schema per pair, migrations, fencing.
/// </summary>
[RequiresPostgres]
[Collection(PostgresCollection.Name)]
public sealed class PostgresStateStoreTests(PostgresFixture postgres) : StateStoreContractTests
{
    private static int pairs;
    private readonly string pair = "t" + Interlocked.Increment(ref pairs);
    private string? connectionString;

    private string ConnectionString => connectionString ??= postgres.DatabaseForAsync(GetType()).GetAwaiter().GetResult();

    internal override StateStore CreateStore() => new PostgresStateStore(ConnectionString, Time, pair);

    [PostgresFact]
    public async Task InitializeAsync_NewPair_CreatesItsSchemaWithNativeTypes()
    {
        var types = await ScalarAsync<string>(
            $"SELECT string_agg(column_name || ':' || data_type, ',' ORDER BY column_name) FROM information_schema.columns WHERE table_schema = 'crmsync_{pair}' AND table_name = 'links'");

        Assert.Equal("entity:text,linked_on:timestamp with time zone,marketo_id:bigint,record_id:uuid", types);
    }

    [PostgresFact]
    public async Task Pairs_SameDatabase_AreIsolated()
    {
        await using var other = new PostgresStateStore(ConnectionString, Time, pair + "_other");
        await other.InitializeAsync();

        await InTransaction(t => t.AddLinksAsync([new Link(1, Lead(1))]));

        Assert.Null(await other.FindLinkAsync(1));
        Assert.Equal(0, await other.CountLinksAsync());
        Assert.Equal(new Link(1, Lead(1)), await Store.FindLinkAsync(1));
    }

    [PostgresFact]
    public async Task Transaction_Open_OtherReaderSeesLastCommit()
    {
        await InTransaction(t => t.SetCursorAsync(CursorNames.StagingPosition, "1"));
        await using var other = new PostgresStateStore(ConnectionString, Time, pair);
        await other.InitializeAsync();

        await using var transaction = await Store.BeginAsync();
        await transaction.SetCursorAsync(CursorNames.StagingPosition, "2");
        var duringWrite = await other.GetCursorAsync(CursorNames.StagingPosition);
        await transaction.CommitAsync();

        Assert.Equal("1", duringWrite);
        Assert.Equal("2", await other.GetCursorAsync(CursorNames.StagingPosition));
    }

    [PostgresFact]
    public async Task InitializeAsync_TwoAgentsAtOnce_MigrateOnce()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => new PostgresStateStore(ConnectionString, Time, pair + "_race")).ToList();

        await Task.WhenAll(stores.Select(s => s.InitializeAsync()));

        Assert.Equal("2,20,35", await ScalarAsync<string>($"SELECT string_agg(version::text, ',' ORDER BY version) FROM crmsync_{pair}_race.schema_migrations"));
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task InitializeAsync_SchemaNewerThanCode_IsRefused()
    {
        await ExecuteAsync($"INSERT INTO crmsync_{pair}.schema_migrations (version, description) VALUES (999, 'future')");
        await using var newer = new PostgresStateStore(ConnectionString, Time, pair);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => newer.InitializeAsync());

        Assert.Contains("999", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Default")]
    [InlineData("a-b")]
    [InlineData("x; DROP SCHEMA public")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void SchemaFor_InvalidPairName_Throws(string name)
    {
        Assert.Throws<ArgumentException>(() => PostgresStateStore.SchemaFor(name));
    }

    [PostgresFact]
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

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
