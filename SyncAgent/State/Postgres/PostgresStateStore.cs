using System.Runtime.CompilerServices;
using CrmSync.SyncAgent.Engine;
using Npgsql;

namespace CrmSync.SyncAgent.State.Postgres;

/// <summary>
/// The PostgreSQL state store (DESIGN B21): the SQLite store's tables with native types, one schema per pair
/// (<c>crmsync_&lt;pair&gt;</c>) in one database, versioned migrations at start, pooled connections, parameterised
/// statements only. With a <see cref="CommitFence"/> every commit first checks, in its own transaction, that the pair's
/// lease epoch is still this holder's (fencing), so a paused or cut-off former holder cannot commit.
/// </summary>
internal sealed partial class PostgresStateStore : StateStore
{
    private const string SelectLinks = "SELECT marketo_id, entity, record_id FROM links ";

    private readonly NpgsqlDataSource dataSource;
    private readonly TimeProvider timeProvider;
    private readonly CommitFence? fence;
    private readonly TimeSpan writerWait;

    /// <summary>The default of <c>stalledTransactionTimeout</c>.</summary>
    public static readonly TimeSpan DefaultStalledTransactionTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Creates the store of pair <paramref name="pair"/>; call <see cref="InitializeAsync"/> before use. A transaction
    /// idle longer than <paramref name="stalledTransactionTimeout"/> (its process paused or cut off mid-commit) is ended
    /// by the server, so its row locks never stall the agent that took the pair over.
    /// </summary>
    public PostgresStateStore(
        string connectionString, TimeProvider timeProvider, string pair = PairNames.Default, CommitFence? fence = null, TimeSpan? stalledTransactionTimeout = null,
        TimeSpan? writerWait = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        Schema = SchemaFor(pair);
        var idle = (long)(stalledTransactionTimeout ?? DefaultStalledTransactionTimeout).TotalMilliseconds;
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = Schema };
        builder.Options = $"{builder.Options} -c idle_in_transaction_session_timeout={idle.ToString(System.Globalization.CultureInfo.InvariantCulture)}".Trim();
        if (fence is not null)
        {
            // Names this holder's sessions, so the agent that takes the pair over can end a former holder's writer lock.
            builder.ApplicationName = HolderSessionPrefix + fence.Holder;
        }

        dataSource = NpgsqlDataSource.Create(builder);
        this.timeProvider = timeProvider;
        this.fence = fence;
        this.writerWait = writerWait ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>The schema holding this pair's state.</summary>
    public string Schema { get; }

    /// <summary>The schema of a pair: <c>crmsync_&lt;pair&gt;</c>; pair names are 1–40 of <c>a-z 0-9 _</c>.</summary>
    public static string SchemaFor(string pair) =>
        PairNames.IsValid(pair) ? "crmsync_" + pair : throw new ArgumentException($"Invalid pair name '{pair}': use 1-40 of a-z, 0-9 and _.", nameof(pair));

    /// <inheritdoc/>
    public override Task InitializeAsync(CancellationToken cancellationToken = default) =>
        PostgresSchema.MigrateAsync(dataSource, Schema, cancellationToken);

    /// <inheritdoc/>
    public override async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await PostgresSchema.CurrentVersionAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The pair's writer lock. Under a lease (a <see cref="CommitFence"/>), a writer lock held by another lease holder's
    /// session belongs to a former holder that was paused or cut off (a live one would have renewed its lease): a session
    /// lock outlives a lease, so without this the taker would wait for it for as long as the former holder stays paused.
    /// The taker ends those sessions (<c>pg_terminate_backend</c>), and only while the lease row still names it and its
    /// epoch, so a holder that is itself stale never ends the current holder's lock. Other writers (an admin's CLI
    /// command) are waited for as before.
    /// </summary>
    public override async Task<IAsyncDisposable> AcquireWriterAsync(string purpose, CancellationToken cancellationToken = default) =>
        await PostgresAdvisoryLock.AcquireAsync(dataSource, Schema + ":writer", writerWait, timeProvider, cancellationToken, fence is null ? null : EndFormerHoldersAsync)
            .ConfigureAwait(false);

    /// <summary>The start of the <c>application_name</c> of a lease holder's state sessions.</summary>
    internal const string HolderSessionPrefix = "crmsync holder ";

    private async Task EndFormerHoldersAsync(NpgsqlConnection connection, string key, CancellationToken cancellationToken)
    {
        var current = fence!;
        await using var command = new NpgsqlCommand(
            $"""
            SELECT COUNT(pg_terminate_backend(a.pid)) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.classid = ((hashtext($1)::bigint >> 32) & 4294967295)::oid AND l.objid = (hashtext($1)::bigint & 4294967295)::oid
              AND a.application_name LIKE '{HolderSessionPrefix}%' AND a.application_name <> left($2, 63)
              AND EXISTS (SELECT 1 FROM {CommitFence.LeaseTable} WHERE pair = $3 AND holder = $4 AND epoch = $5 AND expires_on > clock_timestamp())
            """, connection);
        command.With(key).With(HolderSessionPrefix + current.Holder).With(current.Pair).With(current.Holder).With(current.Epoch);
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The base reservation reads and writes in one transaction; PostgreSQL's read committed does not serialise two
    /// reservers the way SQLite's <c>BEGIN IMMEDIATE</c> does, so an advisory lock of the pair's reservations does.
    /// </summary>
    public override async Task<PersonReservation> ReservePersonRecordAsync(long marketoId, SyncEntity entity, CancellationToken cancellationToken = default)
    {
        await using var held = await PostgresAdvisoryLock.AcquireAsync(dataSource, Schema + ":reserve", writerWait, timeProvider, cancellationToken).ConfigureAwait(false);
        return await base.ReservePersonRecordAsync(marketoId, entity, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Keeps a sync-person request for the agent that holds the pair's lease, from an agent (or CLI) that does not hold it
    /// (issue 16): the same reservation marker as <see cref="ReservePersonRecordAsync"/>, under the same reservation lock,
    /// but committed without the fence. It is an input queue, not a cycle decision: it sets no field value, link, shadow
    /// or cursor; the holder carries it out through sync-person's own path (its lookup, the create-only upsert of the
    /// derived id, a fenced link), and a marker for a person linked meanwhile is dropped there. The answer is the link when
    /// the person is linked (nothing written), else the entity the holder will create (an earlier reservation's if any).
    /// </summary>
    public async Task<PersonReservation> KeepForHolderAsync(long marketoId, SyncEntity entity, CancellationToken cancellationToken = default)
    {
        await using var held = await PostgresAdvisoryLock.AcquireAsync(dataSource, Schema + ":reserve", writerWait, timeProvider, cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginAsync(fenced: false, cancellationToken).ConfigureAwait(false);
        return await ReserveInAsync(transaction, marketoId, entity, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override Task<StateTransaction> BeginAsync(CancellationToken cancellationToken = default) => BeginAsync(fenced: true, cancellationToken);

    private async Task<StateTransaction> BeginAsync(bool fenced, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            return new PostgresStateTransaction(connection, transaction, timeProvider, fenced ? fence : null);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    public override async Task<Link?> FindLinkAsync(long marketoId, CancellationToken cancellationToken = default) =>
        (await QueryAsync(SelectLinks + "WHERE marketo_id = $1", [marketoId], ReadLink, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    /// <inheritdoc/>
    public override async Task<Link?> FindLinkAsync(RecordKey record, CancellationToken cancellationToken = default) =>
        (await QueryAsync(SelectLinks + "WHERE record_id = $1 AND entity = $2", [record.Id, record.Entity.ToLogicalName()], ReadLink, cancellationToken)
            .ConfigureAwait(false)).FirstOrDefault();

    /// <inheritdoc/>
    public override async Task<IReadOnlyList<Link>> GetLinksAsync(IEnumerable<long> marketoIds, CancellationToken cancellationToken = default) =>
        await QueryAsync(SelectLinks + "WHERE marketo_id = ANY($1)", [marketoIds.ToArray()], ReadLink, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public override async Task<IReadOnlyList<Link>> GetLinksAsync(IEnumerable<RecordKey> records, CancellationToken cancellationToken = default)
    {
        var wanted = records.ToHashSet();
        var found = await QueryAsync(SelectLinks + "WHERE record_id = ANY($1)", [wanted.Select(r => r.Id).Distinct().ToArray()], ReadLink, cancellationToken)
            .ConfigureAwait(false);
        return [.. found.Where(l => wanted.Contains(l.Record))];
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<Link> GetAllLinksAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(SelectLinks + "ORDER BY marketo_id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ReadLink(reader);
        }
    }

    /// <inheritdoc/>
    public override async Task<IReadOnlyDictionary<SyncEntity, int>> CountLinksByEntityAsync(CancellationToken cancellationToken = default) =>
        (await QueryAsync("SELECT entity, COUNT(*)::integer FROM links GROUP BY entity", [], reader => (SyncEntityNames.Parse(reader.GetString(0)), reader.GetInt32(1)), cancellationToken)
            .ConfigureAwait(false)).ToDictionary(r => r.Item1, r => r.Item2);

    /// <inheritdoc/>
    public override async Task<int> CountLinksAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT COUNT(*) FROM links");
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public override async Task<IReadOnlyList<LinkHistoryEntry>> GetLinkHistoryAsync(long marketoId, CancellationToken cancellationToken = default) =>
        await QueryAsync(
            "SELECT entity, record_id, event, reason, occurred_on FROM link_history WHERE marketo_id = $1 ORDER BY id",
            [marketoId],
            reader => new LinkHistoryEntry(
                marketoId, PostgresValues.ReadRecord(reader, 0, 1), (LinkEvent)reader.GetInt32(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), PostgresValues.ReadInstant(reader, 4)),
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public override async Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(long marketoId, CancellationToken cancellationToken = default) =>
        await QueryAsync(
            "SELECT entity, record_id, kind, field, direction, old_value, new_value, has_values, cycle_id, detail, occurred_on FROM history_events WHERE marketo_id = $1 ORDER BY id",
            [marketoId],
            reader => new HistoryEvent
            {
                MarketoId = marketoId,
                Record = reader.IsDBNull(0) ? null : PostgresValues.ReadRecord(reader, 0, 1),
                Kind = reader.GetString(2),
                Field = reader.IsDBNull(3) ? null : reader.GetString(3),
                Direction = reader.IsDBNull(4) ? null : (SyncDirection)reader.GetInt32(4),
                Old = reader.IsDBNull(5) ? null : reader.GetString(5),
                New = reader.IsDBNull(6) ? null : reader.GetString(6),
                HasValues = reader.GetBoolean(7),
                CycleId = reader.IsDBNull(8) ? null : reader.GetInt64(8),
                Detail = reader.IsDBNull(9) ? null : reader.GetString(9),
                OccurredOn = PostgresValues.ReadInstant(reader, 10),
            },
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public override async Task<UnlinkedPerson?> FindUnlinkedAsync(long marketoId, CancellationToken cancellationToken = default) =>
        (await QueryAsync(
            "SELECT entity, record_id, reason, unlinked_on FROM unlinked_persons WHERE marketo_id = $1",
            [marketoId],
            reader => new UnlinkedPerson(marketoId, PostgresValues.ReadRecord(reader, 0, 1), reader.GetString(2), PostgresValues.ReadInstant(reader, 3)),
            cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    /// <inheritdoc/>
    public override async Task<IReadOnlyList<ShadowValue>> GetShadowsAsync(IEnumerable<long> marketoIds, CancellationToken cancellationToken = default) =>
        await QueryAsync("SELECT marketo_id, field, kind, value FROM shadows WHERE marketo_id = ANY($1)", [marketoIds.ToArray()], ReadShadow, cancellationToken)
            .ConfigureAwait(false);

    /// <inheritdoc/>
    public override async Task<IReadOnlyList<ShadowValue>> GetShadowsAsync(
        IEnumerable<long> marketoIds, IReadOnlySet<string> fields, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return await QueryAsync(
            "SELECT marketo_id, field, kind, value FROM shadows WHERE marketo_id = ANY($1) AND field = ANY($2)",
            [marketoIds.ToArray(), fields.ToArray()], ReadShadow, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async Task<string?> GetCursorAsync(string name, CancellationToken cancellationToken = default) =>
        (await QueryAsync("SELECT value FROM cursors WHERE name = $1", [name], reader => reader.GetString(0), cancellationToken).ConfigureAwait(false))
            .FirstOrDefault();

    /// <inheritdoc/>
    public override Task<IReadOnlyList<RejectedWrite>> GetOpenRejectedWritesAsync(
        IEnumerable<RecordKey> records, CancellationToken cancellationToken = default) =>
        PostgresReports.OpenRejectedWritesAsync(dataSource, records, cancellationToken);

    /// <inheritdoc/>
    public override Task<IReadOnlyList<Rejection>> SearchRejectionsAsync(RejectionQuery query, CancellationToken cancellationToken = default) =>
        PostgresReports.SearchRejectionsAsync(dataSource, query, cancellationToken);

    /// <inheritdoc/>
    public override Task<IReadOnlyList<CycleRecord>> GetRecentCyclesAsync(int count, CancellationToken cancellationToken = default) =>
        PostgresReports.CyclesAsync(dataSource, "ORDER BY id DESC LIMIT $1", count, cancellationToken);

    /// <inheritdoc/>
    public override async Task<CycleRecord?> FindCycleAsync(long id, CancellationToken cancellationToken = default) =>
        (await PostgresReports.CyclesAsync(dataSource, "WHERE id = $1", id, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    /// <inheritdoc/>
    public override async Task<IReadOnlyDictionary<string, string>> GetMarkersAsync(CancellationToken cancellationToken = default)
    {
        var markers = await QueryAsync("SELECT name, value FROM markers ORDER BY name", [], reader => KeyValuePair.Create(reader.GetString(0), reader.GetString(1)), cancellationToken)
            .ConfigureAwait(false);
        return new Dictionary<string, string>(markers, StringComparer.Ordinal);
    }

    /// <inheritdoc/>
    public override async Task<IReadOnlyDictionary<string, DateTimeOffset>> GetMarkerTimesAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var times = await QueryAsync("SELECT name, created_on FROM markers WHERE starts_with(name, $1) ORDER BY name", [prefix],
            reader => KeyValuePair.Create(reader.GetString(0), PostgresValues.ReadInstant(reader, 1)), cancellationToken).ConfigureAwait(false);
        return new Dictionary<string, DateTimeOffset>(times, StringComparer.Ordinal);
    }

    /// <summary>Closes the pool's idle connections (their server sessions end and report their statistics; measurements).</summary>
    internal void ClearIdleConnections() => dataSource.Clear();

    /// <inheritdoc/>
    public override ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private static Link ReadLink(NpgsqlDataReader reader) => new(reader.GetInt64(0), PostgresValues.ReadRecord(reader, 1, 2));

    private static ShadowValue ReadShadow(NpgsqlDataReader reader) => new(reader.GetInt64(0), reader.GetString(1), PostgresValues.ReadValue(reader, 2, 3));

    private async Task<List<T>> QueryAsync<T>(string sql, object[] parameters, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.With(parameter);
        }

        return await command.ReadAllAsync(read, cancellationToken).ConfigureAwait(false);
    }
}
