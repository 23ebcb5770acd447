using System.Diagnostics;
using System.Globalization;
using CrmSync.SyncAgent.State.Postgres;
using CrmSync.SyncAgent.Tests.EndToEnd;
using Npgsql;
using Xunit.Abstractions;

namespace CrmSync.SyncAgent.Tests.Postgres;

/// <summary>
/// Real cycles (both emulators, the real plug-in) on the PostgreSQL store, and the PostgreSQL work they cost, counted by
/// PostgreSQL itself (README "Running several agents"): statements and their rows from <c>pg_stat_statements</c> (the
/// cluster is started with it preloaded where the machine ships it), rows written and read per table from
/// <c>pg_stat_user_tables</c> (after the store's sessions ended, so every session reported its counts), and the statements
/// Npgsql sent as a cross-check. Printed as a table.
/// </summary>
public sealed class PostgresCycleTests(ITestOutputHelper output)
{
    [PostgresFact]
    public async Task Cycles_OnPostgres_LinkCopyAndIdleWithoutStateWrites_WorkMeasuredByPostgres()
    {
        var pgss = PostgresCluster.ShipsPgStatStatements;
        await using var cluster = await PostgresCluster.StartAsync(pgss ? ["shared_preload_libraries=pg_stat_statements", "pg_stat_statements.track_utility=on"] : null);
        var database = await cluster.CreateDatabaseAsync("cycle");
        // Under a lease, as `crmsync run` on PostgreSQL runs a pair: every commit is fenced (one more statement and row).
        var fence = new CommitFence("default", "measure");
        await using (var leases = new Cluster.PostgresLeaseStore(database))
        {
            await leases.InitializeAsync();
            fence.Epoch = (await leases.TryAcquireAsync("default", "measure", TimeSpan.FromHours(1)))!.Value;
        }

        PostgresStateStore? store = null;
        await using var sut = await SyncHarness.StartAsync(decorateState: _ => store = new PostgresStateStore(database, TimeProvider.System, "default", fence));
        var work = await PostgresWork.StartAsync(database, store!, pgss);
        var contacts = Enumerable.Range(1, 20)
            .Select(i => sut.CreateAsMaker("contact", ("lastname", $"Pg{i}"), ("emailaddress1", $"pg{i}@example.com"), ("telephone1", "100")))
            .ToList();
        using var statements = new StatementCounter();

        await work.ResetAsync();
        statements.Take();
        await sut.RunCycleAsync();
        var first = await work.TakeAsync(statements.Take());
        foreach (var contact in contacts.Take(10))
        {
            sut.UpdateAsMaker("contact", contact, ("telephone1", "200"));
        }

        await sut.RunCycleAsync();
        var changed10 = await work.TakeAsync(statements.Take());
        await sut.RunCycleAsync();
        var idle = await work.TakeAsync(statements.Take());

        // 1,000 changes: 980 more contacts linked by an unmeasured cycle, then one field of all 1,000 changed.
        contacts.AddRange(Enumerable.Range(21, 980)
            .Select(i => sut.CreateAsMaker("contact", ("lastname", $"Pg{i}"), ("emailaddress1", $"pg{i}@example.com"), ("telephone1", "100"))));
        await sut.RunCycleAsync();
        await work.TakeAsync(statements.Take());
        foreach (var contact in contacts)
        {
            sut.UpdateAsMaker("contact", contact, ("telephone1", "300"));
        }

        await sut.RunCycleAsync();
        var changed1000 = await work.TakeAsync(statements.Take());

        output.WriteLine($"pg_stat_statements: {(pgss ? "preloaded" : "not shipped by this PostgreSQL; statements counted by Npgsql")}");
        output.WriteLine("| cycle | statements | connections | DISCARD ALL | transactions | rows returned/affected | rows written | rows read | Npgsql statements |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var (name, measured) in new[] { ("first run of 20 contacts", first), ("10 Dynamics changes", changed10), ("idle", idle), ("1,000 Dynamics changes", changed1000) })
        {
            output.WriteLine(measured.Row(name));
        }

        foreach (var (name, measured) in new[] { ("first run of 20", first), ("10 changes", changed10), ("idle", idle), ("1,000 changes", changed1000) })
        {
            output.WriteLine($"{name}: written / read per table: {measured.PerTable}; statements: {measured.Statements}");
        }

        Assert.Equal(1000, await sut.State.CountLinksAsync());
        var person = await sut.LinkedPersonAsync("contact", contacts[0]);
        Assert.Equal("300", sut.MarketoValue(person, "phone"));
        Assert.DoesNotContain(idle.Sent, s => s.StartsWith("INSERT INTO shadows", StringComparison.Ordinal) || s.Contains("INSERT INTO links", StringComparison.Ordinal));
        Assert.Contains(changed10.Sent, s => s.Contains("INSERT INTO shadows", StringComparison.Ordinal));

        // The measured work against the scenario's literal sizes. Rows written are exact: a cycle record (insert + update)
        // and the Dynamics cursor on every cycle; per changed field a shadow and a history row; on the first run per
        // contact a link, its link history and 4 shadows, plus the first cursors and the chunk markers; and per commit
        // the fence's row in crmsync_cluster.commits.
        Assert.Equal(2 + 1 + idle.Transactions, idle.RowsWritten);
        Assert.Equal(2 + 1 + 10 + 10 + 2 + changed10.Transactions, changed10.RowsWritten);
        Assert.Equal(2 + 1 + 1000 + 1000 + 2 + changed1000.Transactions, changed1000.RowsWritten);
        Assert.Equal(2 + 3 + (20 * (1 + 1 + 4)) + 2 + first.Transactions, first.RowsWritten);
        if (pgss)
        {
            Assert.Equal([6L, 3L, 2L, 3L], new[] { first.Transactions, changed10.Transactions, idle.Transactions, changed1000.Transactions });
        }

        // Statements do not grow with the changes (bulk writes are arrays in one statement): 1,000 changes cost at most a
        // few more statements than 10 (more shadow and link reads of the chunk's pages). Before the history rows were
        // batched, 1,000 changes cost 1,052 statements (1,000 history inserts). Bounds, as the reads per page may vary.
        var (idleRange, changedRange, thousandRange, firstRange) = pgss ? ((19, 25), (22, 29), (28, 40), (33, 41)) : ((24, 32), (27, 36), (34, 46), (35, 43));
        Assert.InRange(idle.StatementCount, idleRange.Item1, idleRange.Item2);
        Assert.InRange(changed10.StatementCount, changedRange.Item1, changedRange.Item2);
        Assert.InRange(changed1000.StatementCount, thousandRange.Item1, thousandRange.Item2);
        Assert.InRange(first.StatementCount, firstRange.Item1, firstRange.Item2);

        // Rows read (index fetches and sequential scans) follow the pair's size and the changes; the planner may choose
        // another scan, so bounds: the idle cycle reads tens, 1,000 changes tens of thousands at most (25 per change).
        Assert.InRange(idle.RowsRead, 10, 200);
        Assert.All(new[] { first, changed10, idle, changed1000 }, m => Assert.InRange(m.Connections, 1, 3));
        Assert.InRange(changed10.RowsRead, 20, 500);
        Assert.InRange(changed1000.RowsRead, 2_000, 40_000);
    }

    /// <summary>What one cycle cost PostgreSQL.</summary>
    private sealed record Measured(
        int StatementCount, long Connections, long Resets, long Transactions, long RowsReturned, long RowsWritten, long RowsRead, IReadOnlyList<string> Sent, string PerTable, string Statements)
    {
        public string Row(string name) => string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {StatementCount} | {Connections} | {Resets} | {Transactions} | {RowsReturned} | {RowsWritten} | {RowsRead} | {Sent.Count} |");
    }

    /// <summary>
    /// PostgreSQL's own counters for the state database: <c>pg_stat_statements</c> (statements other than transaction
    /// control, their calls and rows; COMMITs as transactions) and <c>pg_stat_user_tables</c> (rows inserted, updated,
    /// deleted; rows read by sequential and index scans). Table counters are reported by a session at its end at the
    /// latest, so <see cref="TakeAsync"/> first closes the store's idle connections and waits (bounded) for their sessions
    /// to end.
    /// </summary>
    private sealed class PostgresWork
    {
        private readonly string database;
        private readonly PostgresStateStore store;
        private readonly bool pgss;
        private Dictionary<string, (long Written, long Read)> before = [];
        private long connections;

        private PostgresWork(string database, PostgresStateStore store, bool pgss)
        {
            this.database = new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ToString();
            this.store = store;
            this.pgss = pgss;
        }

        public static async Task<PostgresWork> StartAsync(string database, PostgresStateStore store, bool pgss)
        {
            var work = new PostgresWork(database, store, pgss);
            if (pgss)
            {
                await work.QueryAsync("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", r => 0);
            }

            return work;
        }

        public async Task ResetAsync()
        {
            before = await TablesAsync();
            if (pgss)
            {
                await QueryAsync("SELECT pg_stat_statements_reset()", r => 0);
            }
        }

        public async Task<Measured> TakeAsync(IReadOnlyList<string> sent)
        {
            var after = await TablesAsync();
            var written = after.Sum(t => t.Value.Written - before.GetValueOrDefault(t.Key).Written);
            var read = after.Sum(t => t.Value.Read - before.GetValueOrDefault(t.Key).Read);
            var perTable = string.Join(", ", after.Where(t => t.Value != before.GetValueOrDefault(t.Key))
                .Select(t => $"{t.Key} {t.Value.Written - before.GetValueOrDefault(t.Key).Written} / {t.Value.Read - before.GetValueOrDefault(t.Key).Read}"));
            int statements = sent.Count;
            long transactions = 0, rows = 0, resets = 0;
            var texts = string.Empty;
            if (pgss)
            {
                var calls = await QueryAsync(
                    """
                    SELECT s.query, s.calls, s.rows FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                    WHERE d.datname = current_database() AND s.query NOT ILIKE '%pg_stat%' AND s.query NOT ILIKE '%pg_database%'
                    """,
                    r => (Query: r.GetString(0), Calls: r.GetInt64(1), Rows: r.GetInt64(2)));
                var control = calls.Where(c => IsTransactionControl(c.Query)).ToList();
                resets = calls.Where(c => c.Query.StartsWith("DISCARD", StringComparison.OrdinalIgnoreCase)).Sum(c => c.Calls);
                var work = calls.Except(control).Where(c => !c.Query.StartsWith("DISCARD", StringComparison.OrdinalIgnoreCase)).ToList();
                statements = (int)work.Sum(c => c.Calls);
                transactions = control.Where(c => c.Query.StartsWith("COMMIT", StringComparison.OrdinalIgnoreCase)).Sum(c => c.Calls);
                rows = work.Sum(c => c.Rows);
                texts = string.Join(" | ", work.Select(c => $"{c.Calls}× {Shorten(c.Query)} ({c.Rows} rows)"));
            }

            before = after;
            if (pgss)
            {
                await QueryAsync("SELECT pg_stat_statements_reset()", r => 0);
            }

            return new Measured(statements, connections, resets, transactions, rows, written, read, sent, perTable, texts);
        }

        private static bool IsTransactionControl(string query) =>
            query.StartsWith("BEGIN", StringComparison.OrdinalIgnoreCase) || query.StartsWith("COMMIT", StringComparison.OrdinalIgnoreCase)
            || query.StartsWith("ROLLBACK", StringComparison.OrdinalIgnoreCase);

        private static string Shorten(string query)
        {
            var words = query.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
            return string.Join(' ', words.Take(6));
        }

        /// <summary>Per table of the state's schemas: rows inserted + updated + deleted, and rows read by scans, once every store session ended.</summary>
        private async Task<Dictionary<string, (long Written, long Read)>> TablesAsync()
        {
            // The pool's physical connections after a cycle: the most the cycle used at once (a pool grows only when needed).
            connections = (await QueryAsync(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
                r => r.GetInt64(0)))[0];
            store.ClearIdleConnections();
            var ended = await ClusterRig.WaitForAsync(
                async () => (await QueryAsync(
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
                    r => r.GetInt64(0)))[0] == 0,
                TimeSpan.FromSeconds(30));
            Assert.True(ended, "the store's sessions did not end within 30 s, so their table counters are not all reported");
            var rows = await QueryAsync(
                """
                SELECT pg_stat_clear_snapshot();
                SELECT schemaname || '.' || relname, n_tup_ins + n_tup_upd + n_tup_del, COALESCE(seq_tup_read, 0) + COALESCE(idx_tup_fetch, 0)
                FROM pg_stat_user_tables WHERE schemaname LIKE 'crmsync%'
                """,
                r => (Table: r.GetString(0), Written: r.GetInt64(1), Read: r.GetInt64(2)));
            return rows.ToDictionary(r => r.Table, r => (r.Written, r.Read), StringComparer.Ordinal);
        }

        private async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read)
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<T>();
            do
            {
                while (await reader.ReadAsync())
                {
                    if (reader.FieldCount > 0 && !(reader.FieldCount == 1 && reader.GetDataTypeName(0) == "void"))
                    {
                        rows.Add(read(reader));
                    }
                }
            }
            while (await reader.NextResultAsync());

            return rows;
        }
    }

    /// <summary>Counts the statements Npgsql sends (one activity per command) until <see cref="Take"/>.</summary>
    private sealed class StatementCounter : IDisposable
    {
        private readonly ActivityListener listener;
        private readonly List<string> seen = [];

        public StatementCounter()
        {
            listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    var text = activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string ?? activity.DisplayName;
                    if (text.Contains("pg_stat", StringComparison.Ordinal) || text.Contains("pg_database", StringComparison.Ordinal))
                    {
                        return; // the measurement's own queries
                    }

                    lock (seen)
                    {
                        seen.Add(text);
                    }
                },
            };
            ActivitySource.AddActivityListener(listener);
        }

        public IReadOnlyList<string> Take()
        {
            lock (seen)
            {
                var all = seen.ToList();
                seen.Clear();
                return all;
            }
        }

        public void Dispose() => listener.Dispose();
    }
}
