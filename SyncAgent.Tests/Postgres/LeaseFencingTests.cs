using CrmSync.SyncAgent.Cluster;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State.Postgres;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using static CrmSync.SyncAgent.Tests.Engine.PlanData;

namespace CrmSync.SyncAgent.Tests.Postgres;

/// <summary>Leases and fencing on a real PostgreSQL (DESIGN B21): one holder per pair and epoch, a former holder's commit refused.</summary>
[Collection(PostgresCollection.Name)]
public sealed class LeaseFencingTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static int pairs;
    private readonly string pair = "f" + Interlocked.Increment(ref pairs);
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private string connectionString = string.Empty;
    private PostgresLeaseStore? leases;

    private PostgresLeaseStore Leases => leases ?? throw new InvalidOperationException("Not initialised.");

    public async Task InitializeAsync()
    {
        if (PostgresBinaries.SkipReason is not null)
        {
            return;
        }

        connectionString = await postgres.DatabaseForAsync(GetType());
        leases = new PostgresLeaseStore(connectionString);
        await leases.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (leases is not null)
        {
            await leases.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task TryAcquireAsync_HeldByAnother_IsRefusedUntilExpired()
    {
        var first = await Leases.TryAcquireAsync(pair, "agent-a", Minute);
        var second = await Leases.TryAcquireAsync(pair, "agent-b", Minute);
        await ExpireAsync();
        var afterExpiry = await Leases.TryAcquireAsync(pair, "agent-b", Minute);

        Assert.Equal(1L, first);
        Assert.Null(second);
        Assert.Equal(2L, afterExpiry);
        var row = Assert.Single(await Leases.ListAsync(), l => l.Pair == pair);
        Assert.Equal("agent-b", row.Holder);
        Assert.Equal(2L, row.Epoch);
    }

    [PostgresFact]
    public async Task ReleaseAsync_Held_AnotherTakesItAtOnceWithTheNextEpoch()
    {
        var epoch = await Leases.TryAcquireAsync(pair, "agent-a", Minute);
        await Leases.ReleaseAsync(pair, "agent-a", epoch!.Value);

        Assert.Equal(2L, await Leases.TryAcquireAsync(pair, "agent-b", Minute));
    }

    [PostgresFact]
    public async Task RenewAsync_AfterTakeover_IsRefused()
    {
        var epoch = await Leases.TryAcquireAsync(pair, "agent-a", Minute);
        var renewedWhileHeld = await Leases.RenewAsync(pair, "agent-a", epoch!.Value, Minute);
        await ExpireAsync();
        await Leases.TryAcquireAsync(pair, "agent-b", Minute);

        Assert.True(renewedWhileHeld);
        Assert.False(await Leases.RenewAsync(pair, "agent-a", epoch.Value, Minute));
    }

    [PostgresFact]
    public async Task CommitAsync_PausedHolderAfterTakeover_IsRefusedAndLeavesNewHoldersState()
    {
        var fenceA = new CommitFence(pair, "agent-a");
        var fenceB = new CommitFence(pair, "agent-b");
        await using var storeA = new PostgresStateStore(connectionString, time, pair, fenceA);
        await using var storeB = new PostgresStateStore(connectionString, time, pair, fenceB);
        await storeA.InitializeAsync();
        await storeB.InitializeAsync();
        fenceA.Epoch = (await Leases.TryAcquireAsync(pair, "agent-a", Minute))!.Value;

        // Agent A is paused past its lease just before its commit; agent B takes over and commits a cycle.
        await using var paused = await storeA.BeginAsync();
        await paused.AddLinksAsync([new Link(7, Lead(7))]);
        await ExpireAsync();
        fenceB.Epoch = (await Leases.TryAcquireAsync(pair, "agent-b", Minute))!.Value;
        await using (var taken = await storeB.BeginAsync())
        {
            await taken.SetCursorAsync("marketo.pagingToken", "from-b");
            await taken.CommitAsync();
        }

        var refused = await Assert.ThrowsAsync<LeaseLostException>(() => paused.CommitAsync());

        Assert.Equal(1L, refused.Epoch);
        Assert.Equal(2L, fenceB.Epoch);
        Assert.Equal("from-b", await storeB.GetCursorAsync("marketo.pagingToken"));
        Assert.Null(await storeB.FindLinkAsync(7));
        Assert.Equal(["1 agent-a", "2 agent-b"], await RecordAsync("pair, epoch, holder FROM crmsync_cluster.lease_grants"));
        Assert.Equal(["2 agent-b 1"], await RecordAsync("pair, epoch, holder, commits FROM crmsync_cluster.commits"));
    }

    [PostgresFact]
    public async Task CommitAsync_HolderStalledInsideItsTransaction_IsEndedByTheServerAndTheTakerProceeds()
    {
        var fenceA = new CommitFence(pair, "agent-a");
        var fenceB = new CommitFence(pair, "agent-b");
        await using var storeA = new PostgresStateStore(connectionString, time, pair, fenceA, stalledTransactionTimeout: TimeSpan.FromSeconds(1));
        await using var storeB = new PostgresStateStore(connectionString, time, pair, fenceB);
        await storeA.InitializeAsync();
        await storeB.InitializeAsync();
        fenceA.Epoch = (await Leases.TryAcquireAsync(pair, "agent-a", Minute))!.Value;

        // A holds the cursor row's lock when it stalls; B, after the takeover, needs that row.
        await using var stalled = await storeA.BeginAsync();
        await stalled.SetCursorAsync("marketo.pagingToken", "from-a");
        await ExpireAsync();
        fenceB.Epoch = (await Leases.TryAcquireAsync(pair, "agent-b", Minute))!.Value;
        await using (var taken = await storeB.BeginAsync())
        {
            await taken.SetCursorAsync("marketo.pagingToken", "from-b");
            await taken.CommitAsync();
        }

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => stalled.CommitAsync());
        Assert.Equal("from-b", await storeB.GetCursorAsync("marketo.pagingToken"));
    }

    [PostgresFact]
    public async Task AcquireWriterAsync_FormerHolderPausedHoldingIt_TakerEndsItsSessionAndWrites()
    {
        var fenceA = new CommitFence(pair, "agent-a");
        var fenceB = new CommitFence(pair, "agent-b");
        await using var storeA = new PostgresStateStore(connectionString, time, pair, fenceA);
        await using var storeB = new PostgresStateStore(connectionString, TimeProvider.System, pair, fenceB, writerWait: TimeSpan.FromSeconds(20));
        await storeA.InitializeAsync();
        fenceA.Epoch = (await Leases.TryAcquireAsync(pair, "agent-a", Minute))!.Value;
        var paused = await storeA.AcquireWriterAsync("cycle");
        await ExpireAsync();
        fenceB.Epoch = (await Leases.TryAcquireAsync(pair, "agent-b", Minute))!.Value;

        // Before the fix the taker waited for the paused holder's session lock until CrmSync:State:WriterWait ran out.
        await using (await storeB.AcquireWriterAsync("cycle"))
        {
            await using var taken = await storeB.BeginAsync();
            await taken.SetCursorAsync("c", "from-b");
            await taken.CommitAsync();
        }

        await paused.DisposeAsync();
        Assert.Equal("from-b", await storeB.GetCursorAsync("c"));
    }

    [PostgresFact]
    public async Task AcquireWriterAsync_StaleHolderWhileTheCurrentHolderWrites_WaitsAndEndsNothing()
    {
        var fenceA = new CommitFence(pair, "agent-a");
        var fenceB = new CommitFence(pair, "agent-b");
        await using var storeA = new PostgresStateStore(connectionString, TimeProvider.System, pair, fenceA, writerWait: TimeSpan.FromSeconds(1));
        await using var storeB = new PostgresStateStore(connectionString, time, pair, fenceB);
        await storeA.InitializeAsync();
        fenceA.Epoch = (await Leases.TryAcquireAsync(pair, "agent-a", Minute))!.Value;
        await ExpireAsync();
        fenceB.Epoch = (await Leases.TryAcquireAsync(pair, "agent-b", Minute))!.Value;
        await using var current = await storeB.AcquireWriterAsync("cycle");

        // A still believes it holds epoch 1: it must not end B's session, only wait and give up.
        await Assert.ThrowsAsync<CrmSync.SyncAgent.State.StateWriterBusyException>(() => storeA.AcquireWriterAsync("cycle"));
        await using var transaction = await storeB.BeginAsync();
        await transaction.SetCursorAsync("c", "still-b");
        await transaction.CommitAsync();
        Assert.Equal("still-b", await storeB.GetCursorAsync("c"));
    }

    [PostgresFact]
    public async Task CommitAsync_HolderWithinItsEpoch_Commits()
    {
        var fence = new CommitFence(pair, "agent-a");
        await using var store = new PostgresStateStore(connectionString, time, pair, fence);
        await store.InitializeAsync();
        fence.Epoch = (await Leases.TryAcquireAsync(pair, "agent-a", Minute))!.Value;

        await using (var transaction = await store.BeginAsync())
        {
            await transaction.AddLinksAsync([new Link(3, Contact(3))]);
            await transaction.CommitAsync();
        }

        await using (var again = await store.BeginAsync())
        {
            await again.SetCursorAsync("c", "v");
            await again.CommitAsync();
        }

        Assert.Equal(new Link(3, Contact(3)), await store.FindLinkAsync(3));
        Assert.Equal(["1 agent-a 2"], await RecordAsync("pair, epoch, holder, commits FROM crmsync_cluster.commits"));
    }

    [PostgresFact]
    public async Task CommitAsync_NoLeaseHeld_IsRefused()
    {
        await using var store = new PostgresStateStore(connectionString, time, pair, new CommitFence(pair, "agent-a"));
        await store.InitializeAsync();

        await using var transaction = await store.BeginAsync();
        await transaction.SetCursorAsync("c", "v");

        await Assert.ThrowsAsync<LeaseLostException>(() => transaction.CommitAsync());
        Assert.Null(await store.GetCursorAsync("c"));
    }

    [PostgresFact]
    public async Task HeartbeatAsync_TwoAgents_CountsLiveOnesAndLeaveRemoves()
    {
        var one = await Leases.HeartbeatAsync(pair + "-a", Minute);
        var two = await Leases.HeartbeatAsync(pair + "-b", Minute);
        await Leases.LeaveAsync(pair + "-b");

        Assert.True(two == one + 1, $"first {one}, second {two}");
        Assert.Equal(one, await Leases.HeartbeatAsync(pair + "-a", Minute));
    }

    // This pair's rows of the cluster's audit record, the pair column left out, each row's values joined by spaces.
    private async Task<List<string>> RecordAsync(string columnsAndTable)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT {columnsAndTable} WHERE pair = $1 ORDER BY epoch", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = pair });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(' ', Enumerable.Range(1, reader.FieldCount - 1).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    // Time passing on the database's clock: the lease ran out a second ago.
    private async Task ExpireAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("UPDATE crmsync_cluster.leases SET expires_on = clock_timestamp() - interval '1 second' WHERE pair = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = pair });
        await command.ExecuteNonQueryAsync();
    }
}
