using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using CrmSync.SyncAgent.Engine;
using Microsoft.Data.Sqlite;

namespace CrmSync.SyncAgent.State.Sqlite;

/// <summary>
/// The SQLite state store: one file in WAL mode (readers see the last commit while a cycle writes), foreign keys on,
/// versioned schema, parameterised statements only. <c>Data Source=:memory:</c> gives a private in-memory database
/// (shared cache, kept alive by this instance) for tests.
/// </summary>
internal sealed partial class SqliteStateStore : StateStore
{
    private const string SelectLinks = "SELECT marketo_id, entity, record_id FROM links ";

    /// <summary>How long <see cref="BeginAsync"/> queues behind this process's other write transactions before leaving it to SQLite's own busy handling.</summary>
    private static readonly TimeSpan TransactionQueueWait = TimeSpan.FromSeconds(30);

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> TransactionQueues = new(StringComparer.Ordinal);

    private readonly TimeProvider timeProvider;
    private readonly SqliteConnection keepAlive;
    private readonly SqliteWriterLock writerLock;
    private readonly SemaphoreSlim transactionQueue;
    private readonly string? file;
    private string connectionString;
    private string? stateId;
    private long lastCycleId;

    /// <summary>Creates the store; call <see cref="InitializeAsync"/> before use.</summary>
    /// <param name="writerWait">How long <see cref="AcquireWriterAsync"/> waits for another writer (default 30 s).</param>
    public SqliteStateStore(string connectionString, TimeProvider timeProvider, TimeSpan? writerWait = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource == ":memory:")
        {
            // A plain :memory: database lives and dies with one connection; a named shared-cache one is
            // reachable from every connection of this store while keepAlive is open.
            builder.DataSource = "crmsync-" + Guid.NewGuid().ToString("N");
            builder.Mode = SqliteOpenMode.Memory;
            builder.Cache = SqliteCacheMode.Shared;
        }

        IsInMemory = builder.Mode == SqliteOpenMode.Memory;
        file = IsInMemory ? null : Path.GetFullPath(builder.DataSource);
        this.connectionString = builder.ToString();
        this.timeProvider = timeProvider;
        keepAlive = new SqliteConnection(this.connectionString);
        writerLock = new SqliteWriterLock(file ?? builder.DataSource, file is not null, writerWait ?? TimeSpan.FromSeconds(30), timeProvider);
        transactionQueue = TransactionQueues.GetOrAdd(file ?? builder.DataSource, _ => new SemaphoreSlim(1, 1));
    }

    /// <summary>Whether the database lives in memory only.</summary>
    public bool IsInMemory { get; }

    /// <summary>The state file's full path (null in memory).</summary>
    public string? FilePath => file;

    /// <summary>The random id this state was given when it was created (see <see cref="SqliteStateIdentity"/>).</summary>
    public string? StateId => stateId;

    /// <inheritdoc/>
    public override Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            keepAlive.Open();
            using (var pragma = keepAlive.CreateCommand())
            {
                // WAL persists in the file; synchronous=NORMAL is durable across process crashes in WAL mode.
                pragma.CommandText = IsInMemory ? "PRAGMA foreign_keys = ON;" : "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
                pragma.ExecuteNonQuery();
            }

            SqliteSchema.Migrate(keepAlive, Now());
            stateId = SqliteStateIdentity.Ensure(keepAlive, Now());
        }
        catch (SqliteException ex) when (file is not null)
        {
            keepAlive.Close();
            throw new StateStoreException(SqliteFaults.Describe(ex, file) ?? $"The state file '{file}' cannot be used: {ex.Message}", ex);
        }

        if (file is not null)
        {
            // From now on the file must exist: a state deleted under the agent is reported, never silently re-created.
            connectionString = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadWrite }.ToString();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override async Task<IAsyncDisposable> AcquireWriterAsync(string purpose, CancellationToken cancellationToken = default)
    {
        var held = await writerLock.AcquireAsync(purpose, cancellationToken).ConfigureAwait(false);
        try
        {
            if (file is not null && stateId is not null)
            {
                SqliteStateIdentity.Verify(file, stateId, Interlocked.Read(ref lastCycleId));
            }

            return held;
        }
        catch
        {
            await held.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    protected override void OnCycleStarted(long cycleId)
    {
        var seen = Interlocked.Read(ref lastCycleId);
        while (cycleId > seen && Interlocked.CompareExchange(ref lastCycleId, cycleId, seen) != seen)
        {
            seen = Interlocked.Read(ref lastCycleId);
        }
    }

    /// <inheritdoc/>
    public override string? DescribeFault(Exception exception) => exception switch
    {
        SqliteException sqlite => SqliteFaults.Describe(sqlite, file ?? "(in memory)"),
        _ => base.DescribeFault(exception),
    };

    /// <inheritdoc/>
    public override Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        return Task.FromResult(SqliteSchema.CurrentVersion(connection));
    }

    /// <summary>
    /// Begins a write transaction. The write transactions of this process (every store of the same file) first queue
    /// here, first come first served and without holding a thread (issue 17): SQLite has one writer, and
    /// Microsoft.Data.Sqlite answers a busy <c>BEGIN IMMEDIATE</c> by sleeping the thread 150 ms and trying again, in no
    /// order, so 50 concurrent sync-person calls each waited a random number of rounds while blocking thread-pool
    /// threads. Another process's writer is still waited for by that busy handling; so is a transaction of this process
    /// held longer than <see cref="TransactionQueueWait"/>, which then no longer holds the queue up.
    /// </summary>
    public override async Task<StateTransaction> BeginAsync(CancellationToken cancellationToken = default)
    {
        var queued = await transactionQueue.WaitAsync(TransactionQueueWait, cancellationToken).ConfigureAwait(false);
        SqliteConnection? connection = null;
        try
        {
            connection = Open();

            // IMMEDIATE takes the write lock up front, so a transaction never fails half-way on a lock upgrade.
            var transaction = connection.BeginTransaction(deferred: false);
            return new SqliteStateTransaction(connection, transaction, timeProvider, queued ? transactionQueue : null);
        }
        catch
        {
            connection?.Dispose();
            if (queued)
            {
                transactionQueue.Release();
            }

            throw;
        }
    }

    /// <inheritdoc/>
    public override Task<Link?> FindLinkAsync(long marketoId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Query(SelectLinks + "WHERE marketo_id = $id", c => c.Parameters.AddWithValue("$id", marketoId), ReadLink).FirstOrDefault());

    /// <inheritdoc/>
    public override Task<Link?> FindLinkAsync(RecordKey record, CancellationToken cancellationToken = default) =>
        Task.FromResult(Query(
            SelectLinks + "WHERE record_id = $id AND entity = $entity",
            c =>
            {
                c.Parameters.AddWithValue("$id", SqliteValues.Id(record.Id));
                c.Parameters.AddWithValue("$entity", record.Entity.ToLogicalName());
            },
            ReadLink).FirstOrDefault());

    /// <inheritdoc/>
    public override Task<IReadOnlyList<Link>> GetLinksAsync(IEnumerable<long> marketoIds, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Link>>(Query(
            SelectLinks + "WHERE marketo_id IN (SELECT value FROM json_each($ids))",
            c => c.Parameters.AddWithValue("$ids", SqliteValues.JsonArray(marketoIds)),
            ReadLink));

    /// <inheritdoc/>
    public override Task<IReadOnlyList<Link>> GetLinksAsync(IEnumerable<RecordKey> records, CancellationToken cancellationToken = default)
    {
        var wanted = records.ToHashSet();
        var found = Query(
            SelectLinks + "WHERE record_id IN (SELECT value FROM json_each($ids))",
            c => c.Parameters.AddWithValue("$ids", SqliteValues.JsonArray(wanted.Select(r => r.Id).Distinct())),
            ReadLink);
        return Task.FromResult<IReadOnlyList<Link>>(found.Where(l => wanted.Contains(l.Record)).ToList());
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<Link> GetAllLinksAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = SelectLinks + "ORDER BY marketo_id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ReadLink(reader);
        }
    }

    /// <inheritdoc/>
    public override Task<IReadOnlyDictionary<SyncEntity, int>> CountLinksByEntityAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<SyncEntity, int>>(Query(
            "SELECT entity, COUNT(*) FROM links GROUP BY entity", null, reader => (SyncEntityNames.Parse(reader.GetString(0)), reader.GetInt32(1)))
            .ToDictionary(r => r.Item1, r => r.Item2));

    /// <inheritdoc/>
    public override Task<int> CountLinksAsync(CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM links";
        return Task.FromResult(Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <inheritdoc/>
    public override Task<IReadOnlyList<LinkHistoryEntry>> GetLinkHistoryAsync(long marketoId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<LinkHistoryEntry>>(Query(
            "SELECT entity, record_id, event, reason, occurred_on FROM link_history WHERE marketo_id = $id ORDER BY id",
            c => c.Parameters.AddWithValue("$id", marketoId),
            reader => new LinkHistoryEntry(
                marketoId, SqliteValues.ReadRecord(reader, 0, 1), (LinkEvent)reader.GetInt32(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), SqliteValues.ReadInstant(reader, 4))));

    /// <inheritdoc/>
    public override Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(long marketoId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<HistoryEvent>>(Query(
            "SELECT entity, record_id, kind, field, direction, old_value, new_value, has_values, cycle_id, detail, occurred_on FROM history_events WHERE marketo_id = $id ORDER BY id",
            c => c.Parameters.AddWithValue("$id", marketoId),
            reader => new HistoryEvent
            {
                MarketoId = marketoId,
                Record = reader.IsDBNull(0) ? null : SqliteValues.ReadRecord(reader, 0, 1),
                Kind = reader.GetString(2),
                Field = reader.IsDBNull(3) ? null : reader.GetString(3),
                Direction = reader.IsDBNull(4) ? null : (SyncDirection)reader.GetInt32(4),
                Old = reader.IsDBNull(5) ? null : reader.GetString(5),
                New = reader.IsDBNull(6) ? null : reader.GetString(6),
                HasValues = reader.GetInt64(7) != 0,
                CycleId = reader.IsDBNull(8) ? null : reader.GetInt64(8),
                Detail = reader.IsDBNull(9) ? null : reader.GetString(9),
                OccurredOn = SqliteValues.ReadInstant(reader, 10),
            }));

    /// <inheritdoc/>
    public override Task<UnlinkedPerson?> FindUnlinkedAsync(long marketoId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Query(
            "SELECT entity, record_id, reason, unlinked_on FROM unlinked_persons WHERE marketo_id = $id",
            c => c.Parameters.AddWithValue("$id", marketoId),
            reader => new UnlinkedPerson(marketoId, SqliteValues.ReadRecord(reader, 0, 1), reader.GetString(2), SqliteValues.ReadInstant(reader, 3)))
            .FirstOrDefault());

    /// <inheritdoc/>
    public override Task<IReadOnlyList<ShadowValue>> GetShadowsAsync(IEnumerable<long> marketoIds, CancellationToken cancellationToken = default) =>
        Task.FromResult(QueryShadows(marketoIds, null));

    /// <inheritdoc/>
    public override Task<IReadOnlyList<ShadowValue>> GetShadowsAsync(
        IEnumerable<long> marketoIds, IReadOnlySet<string> fields, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return Task.FromResult(QueryShadows(marketoIds, fields));
    }

    private IReadOnlyList<ShadowValue> QueryShadows(IEnumerable<long> marketoIds, IReadOnlySet<string>? fields) =>
        Query(
            "SELECT marketo_id, field, kind, value FROM shadows WHERE marketo_id IN (SELECT value FROM json_each($ids))"
                + (fields is null ? "" : " AND field IN (SELECT value FROM json_each($fields))"),
            c =>
            {
                c.Parameters.AddWithValue("$ids", SqliteValues.JsonArray(marketoIds));
                if (fields is not null)
                {
                    c.Parameters.AddWithValue("$fields", SqliteValues.JsonArray(fields));
                }
            },
            reader => new ShadowValue(reader.GetInt64(0), reader.GetString(1), SqliteValues.ReadValue(reader, 2, 3)));

    /// <inheritdoc/>
    public override Task<string?> GetCursorAsync(string name, CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM cursors WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        return Task.FromResult(command.ExecuteScalar() as string);
    }

    /// <inheritdoc/>
    public override Task<IReadOnlyList<RejectedWrite>> GetOpenRejectedWritesAsync(
        IEnumerable<RecordKey> records, CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        return Task.FromResult(SqliteReports.OpenRejectedWrites(connection, records));
    }

    /// <inheritdoc/>
    public override Task<IReadOnlyList<Rejection>> SearchRejectionsAsync(RejectionQuery query, CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        return Task.FromResult(SqliteReports.SearchRejections(connection, query));
    }

    /// <inheritdoc/>
    public override Task<IReadOnlyList<CycleRecord>> GetRecentCyclesAsync(int count, CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        return Task.FromResult(SqliteReports.Cycles(connection, "ORDER BY id DESC LIMIT $n", c => c.Parameters.AddWithValue("$n", count)));
    }

    /// <inheritdoc/>
    public override Task<CycleRecord?> FindCycleAsync(long id, CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        return Task.FromResult(SqliteReports.Cycles(connection, "WHERE id = $id", c => c.Parameters.AddWithValue("$id", id)).FirstOrDefault());
    }

    /// <inheritdoc/>
    public override Task<IReadOnlyDictionary<string, string>> GetMarkersAsync(CancellationToken cancellationToken = default)
    {
        // name is the primary key: no duplicates to overwrite.
        var markers = Query("SELECT name, value FROM markers ORDER BY name", bind: null, reader => KeyValuePair.Create(reader.GetString(0), reader.GetString(1)));
        return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>(markers, StringComparer.Ordinal));
    }

    /// <inheritdoc/>
    public override Task<IReadOnlyDictionary<string, DateTimeOffset>> GetMarkerTimesAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var times = Query("SELECT name, created_on FROM markers WHERE substr(name, 1, length($p)) = $p ORDER BY name",
            c => c.Parameters.AddWithValue("$p", prefix), reader => KeyValuePair.Create(reader.GetString(0), SqliteValues.ReadInstant(reader, 1)));
        return Task.FromResult<IReadOnlyDictionary<string, DateTimeOffset>>(new Dictionary<string, DateTimeOffset>(times, StringComparer.Ordinal));
    }

    /// <inheritdoc/>
    public override ValueTask DisposeAsync()
    {
        keepAlive.Dispose();
        return ValueTask.CompletedTask;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA foreign_keys = ON";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private static Link ReadLink(SqliteDataReader reader) => new(reader.GetInt64(0), SqliteValues.ReadRecord(reader, 1, 2));

    private List<T> Query<T>(string sql, Action<SqliteCommand>? bind, Func<SqliteDataReader, T> read)
    {
        using var connection = Open();
        return connection.Query(sql, bind, read);
    }

    private string Now() => SqliteValues.Instant(timeProvider.GetUtcNow());
}
