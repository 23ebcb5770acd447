using CrmSync.SyncAgent.State.Postgres;
using Npgsql;

namespace CrmSync.SyncAgent.Cluster;

/// <summary>
/// Pair leases in PostgreSQL (DESIGN B21), schema <c>crmsync_cluster</c>: one row per pair (holder, epoch, expiry) and one
/// heartbeat row per agent, with a record kept for audits: every grant (<c>lease_grants</c>, one row per pair and epoch) and
/// the fenced commits (<c>commits</c>, a count per pair, epoch and holder). Both grow with takeovers only. Expiry is judged by the database's clock only, so agents' clocks may disagree. Taking a
/// lease that is free or expired increments its epoch; a state commit fenced with <see cref="CommitFence"/> is refused
/// once the epoch it holds has moved on.
/// </summary>
internal sealed class PostgresLeaseStore(string connectionString) : IAsyncDisposable
{
    // A commit holding a lease row FOR SHARE makes a takeover wait; the lock timeout keeps a stalled (SIGSTOPped)
    // holder from stalling the taker, which then tries again at its next poll.
    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(
        new NpgsqlConnectionStringBuilder(connectionString) { Options = "-c lock_timeout=5000" });

    /// <summary>Creates the schema and tables if missing.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT pg_advisory_lock(hashtext('crmsync.migrate.crmsync_cluster'));
            CREATE SCHEMA IF NOT EXISTS crmsync_cluster;
            CREATE TABLE IF NOT EXISTS crmsync_cluster.leases (
                pair text PRIMARY KEY,
                holder text,
                epoch bigint NOT NULL,
                expires_on timestamptz NOT NULL,
                acquired_on timestamptz NOT NULL);
            CREATE TABLE IF NOT EXISTS crmsync_cluster.lease_grants (
                pair text NOT NULL,
                epoch bigint NOT NULL,
                holder text NOT NULL,
                granted_on timestamptz NOT NULL,
                PRIMARY KEY (pair, epoch));
            CREATE TABLE IF NOT EXISTS crmsync_cluster.commits (
                pair text NOT NULL,
                epoch bigint NOT NULL,
                holder text NOT NULL,
                commits bigint NOT NULL,
                first_on timestamptz NOT NULL,
                last_on timestamptz NOT NULL,
                PRIMARY KEY (pair, epoch, holder));
            CREATE TABLE IF NOT EXISTS crmsync_cluster.agents (
                holder text PRIMARY KEY,
                last_seen timestamptz NOT NULL,
                expires_on timestamptz NOT NULL);
            SELECT pg_advisory_unlock(hashtext('crmsync.migrate.crmsync_cluster'));
            """);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes the lease of <paramref name="pair"/> for <paramref name="duration"/> when it is free, released or expired,
    /// and returns the new epoch; null when another holder's lease is still running.
    /// </summary>
    public async Task<long?> TryAcquireAsync(string pair, string holder, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            WITH taken AS (
                INSERT INTO {CommitFence.LeaseTable} AS l (pair, holder, epoch, expires_on, acquired_on)
                VALUES ($1, $2, 1, clock_timestamp() + $3, clock_timestamp())
                ON CONFLICT (pair) DO UPDATE SET holder = excluded.holder, epoch = l.epoch + 1,
                    expires_on = excluded.expires_on, acquired_on = excluded.acquired_on
                WHERE l.holder IS NULL OR l.expires_on < clock_timestamp()
                RETURNING pair, holder, epoch, acquired_on),
            granted AS (INSERT INTO {CommitFence.GrantTable} (pair, epoch, holder, granted_on) SELECT pair, epoch, holder, acquired_on FROM taken)
            SELECT epoch FROM taken
            """);
        command.With(pair).With(holder).With(duration);
        try
        {
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long epoch ? epoch : null;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            return null;
        }
    }

    /// <summary>Extends a held lease by <paramref name="duration"/> from now; false when the epoch is no longer this holder's.</summary>
    public async Task<bool> RenewAsync(string pair, string holder, long epoch, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"UPDATE {CommitFence.LeaseTable} SET expires_on = clock_timestamp() + $4 WHERE pair = $1 AND holder = $2 AND epoch = $3");
        command.With(pair).With(holder).With(epoch).With(duration);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Gives a held lease up at once (graceful stop), so another agent takes the pair at its next poll.</summary>
    public async Task ReleaseAsync(string pair, string holder, long epoch, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"UPDATE {CommitFence.LeaseTable} SET holder = NULL, expires_on = clock_timestamp() WHERE pair = $1 AND holder = $2 AND epoch = $3");
        command.With(pair).With(holder).With(epoch);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every lease row, by pair.</summary>
    public async Task<IReadOnlyList<LeaseInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT pair, holder, epoch, expires_on FROM {CommitFence.LeaseTable} ORDER BY pair");
        return await command.ReadAllAsync(
            reader => new LeaseInfo(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records that <paramref name="holder"/> is alive for <paramref name="duration"/> and returns how many agents are alive.</summary>
    public async Task<int> HeartbeatAsync(string holder, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            WITH beat AS (
                INSERT INTO crmsync_cluster.agents (holder, last_seen, expires_on) VALUES ($1, clock_timestamp(), clock_timestamp() + $2)
                ON CONFLICT (holder) DO UPDATE SET last_seen = excluded.last_seen, expires_on = excluded.expires_on)
            SELECT 1 + COUNT(*) FROM crmsync_cluster.agents WHERE holder <> $1 AND expires_on >= clock_timestamp()
            """);
        command.With(holder).With(duration);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Removes this agent's heartbeat (graceful stop), so the others rebalance at once.</summary>
    public async Task LeaveAsync(string holder, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM crmsync_cluster.agents WHERE holder = $1");
        command.With(holder);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
