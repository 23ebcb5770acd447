using CrmSync.SyncAgent.Cli;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.State.Postgres;
using CrmSync.SyncAgent.State.Sqlite;
using CrmSync.SyncAgent.Tests.Ops;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using static CrmSync.SyncAgent.Tests.Engine.PlanData;

namespace CrmSync.SyncAgent.Tests.Postgres;

/// <summary><c>crmsync state migrate --to postgres</c>: a SQLite state copied whole into a pair's PostgreSQL schema.</summary>
[Collection(PostgresCollection.Name)]
public sealed class StateMigrateCommandTests(PostgresFixture postgres) : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static int pairs;
    private readonly string pair = "m" + Interlocked.Increment(ref pairs);
    private readonly string directory = Directory.CreateTempSubdirectory("crmsync-migrate-").FullName;
    private readonly FakeTimeProvider time = new(Start);

    private string SqliteConnectionString => $"Data Source={Path.Combine(directory, "crmsync.db")}";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [PostgresFact]
    public async Task Migrate_SqliteState_PostgresStoreReadsEveryPartBack()
    {
        var rejectionId = await SeedSqliteAsync();
        var target = await postgres.DatabaseForAsync(GetType());

        var (exitCode, output, error) = await MigrateAsync(target);

        Assert.True(exitCode == ExitCodes.Success, error);
        Assert.Contains("links                       2 row(s)", output, StringComparison.Ordinal);
        await using var store = new PostgresStateStore(target, time, pair);
        await store.InitializeAsync();
        Assert.Equal(new Link(1, Lead(1)), await store.FindLinkAsync(1));
        Assert.Equal(new Link(2, Contact(2)), await store.FindLinkAsync(Contact(2)));
        Assert.Null(await store.FindLinkAsync(3));
        Assert.Equal([Shadow(1, "email", "ada@example.com"), Shadow(1, "phone", "555")], (await store.GetShadowsAsync([1L])).OrderBy(s => s.Field));
        var unlinked = await store.FindUnlinkedAsync(3);
        Assert.Equal(new UnlinkedPerson(3, Lead(3), "deleted in Dynamics", Start.AddMinutes(1)), unlinked);
        Assert.Equal([LinkEvent.Linked, LinkEvent.Unlinked], (await store.GetLinkHistoryAsync(3)).Select(h => h.Event));
        Assert.Equal("token-42", await store.GetCursorAsync(CursorNames.MarketoPagingToken));
        Assert.Equal("pending", (await store.GetMarkersAsync())["notice:1"]);
        var rejection = Assert.Single(await store.SearchRejectionsAsync(new RejectionQuery()));
        Assert.Equal(rejectionId, rejection.Id);
        Assert.Equal("0x80040265", rejection.ErrorCode);
        Assert.Equal(["mobilePhone"], rejection.Fields.Select(f => f.Field));
        Assert.Equal("12", rejection.Fields[0].Value.Text);
        var cycle = await store.FindCycleAsync(1);
        Assert.Equal(CycleOutcome.Completed, cycle!.Outcome);
        Assert.Equal(7, cycle.CrmRead);
        Assert.Equal(Start.AddMinutes(2), cycle.EndedOn);

        // Identities continue after the copied ids.
        await using var transaction = await store.BeginAsync();
        var next = await transaction.StartCycleAsync(Start.AddMinutes(5));
        await transaction.CommitAsync();
        Assert.Equal(2L, next);
    }

    [PostgresFact]
    public async Task Migrate_TargetHoldsState_RefusesAndLeavesItUnchanged()
    {
        await SeedSqliteAsync();
        var target = await postgres.DatabaseForAsync(GetType());
        await using (var store = new PostgresStateStore(target, time, pair))
        {
            await store.InitializeAsync();
            await using var transaction = await store.BeginAsync();
            await transaction.AddLinksAsync([new Link(99, Lead(99))]);
            await transaction.CommitAsync();
        }

        var (exitCode, _, error) = await MigrateAsync(target);

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Contains("refusing to overwrite", error, StringComparison.Ordinal);
        await using var after = new PostgresStateStore(target, time, pair);
        Assert.Equal(1, await after.CountLinksAsync());
        Assert.Equal(new Link(99, Lead(99)), await after.FindLinkAsync(99));
    }

    [PostgresFact]
    public async Task Migrate_NoSqliteFile_FailsNamingIt()
    {
        var target = await postgres.DatabaseForAsync(GetType());

        var (exitCode, _, error) = await MigrateAsync(target);

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Contains("no SQLite state file", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_OtherTarget_ExitsWith2()
    {
        var (exitCode, _, error) = await CliRun.RunAsync(Environment(), "state", "migrate", "--to", "mysql", "--connection-string", "Host=127.0.0.1");

        Assert.Equal(ExitCodes.ConfigurationError, exitCode);
        Assert.Contains("--to must be postgres", error, StringComparison.Ordinal);
    }

    private Task<(int ExitCode, string Output, string Error)> MigrateAsync(string target) =>
        CliRun.RunAsync(Environment(), "state", "migrate", "--to", "postgres", "--connection-string", target, "--pair", pair);

    private CliEnvironment Environment() => new()
    {
        LoadConfiguration = _ => new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["CrmSync:State:ConnectionString"] = SqliteConnectionString })
            .Build(),
    };

    private async Task<long> SeedSqliteAsync()
    {
        await using var sqlite = new SqliteStateStore(SqliteConnectionString, time);
        await sqlite.InitializeAsync();
        var cycle = await sqlite.StartCycleAsync(Start);
        await using var transaction = await sqlite.BeginAsync();
        await transaction.AddLinksAsync([new Link(1, Lead(1)), new Link(2, Contact(2)), new Link(3, Lead(3))]);
        await transaction.SetShadowsAsync([Shadow(1, "email", "ada@example.com"), Shadow(1, "phone", "555")]);
        time.Advance(TimeSpan.FromMinutes(1));
        await transaction.UnlinkAsync(3, "deleted in Dynamics");
        await transaction.SetCursorAsync(CursorNames.MarketoPagingToken, "token-42");
        await transaction.SetMarkerAsync("notice:1", "pending");
        var id = await transaction.AddRejectionAsync(new Rejection
        {
            Direction = SyncDirection.ToDynamics,
            Operation = "Update",
            Record = Contact(2),
            MarketoId = 2,
            Fields = [new RejectedField("mobilePhone", FieldValue.FromString("12"))],
            ErrorCode = "0x80040265",
            Message = "Mobile phone must have 10 digits.",
            OccurredOn = Start.AddMinutes(1),
            CycleId = cycle,
        });
        await transaction.CompleteCycleAsync(new CycleRecord { Id = cycle, StartedOn = Start, EndedOn = Start.AddMinutes(2), Outcome = CycleOutcome.Completed, CrmRead = 7 });
        await transaction.CommitAsync();
        return id;
    }
}
