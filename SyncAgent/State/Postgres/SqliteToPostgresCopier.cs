using System.Globalization;
using CrmSync.SyncAgent.State.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace CrmSync.SyncAgent.State.Postgres;

/// <summary>
/// <c>crmsync state migrate --to postgres</c>: copies every table of a SQLite state into a pair's PostgreSQL schema in one
/// transaction (binary COPY, values converted to the target's native types), refusing a target that holds any state.
/// </summary>
internal static class SqliteToPostgresCopier
{
    // Parents before children (foreign keys); tables a later migration adds follow in the source's order.
    private static readonly string[] Order =
        ["cycles", "links", "link_history", "unlinked_persons", "shadows", "cursors", "rejections", "rejection_fields", "markers"];

    /// <summary>Copies the SQLite state at <paramref name="sqliteConnectionString"/>; returns the rows copied per table.</summary>
    public static async Task<IReadOnlyList<(string Table, long Rows)>> CopyAsync(
        string sqliteConnectionString, string postgresConnectionString, string pair, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var source = new SqliteConnectionStringBuilder(sqliteConnectionString);
        if (source.Mode == SqliteOpenMode.Memory || source.DataSource == ":memory:" || !File.Exists(source.DataSource))
        {
            throw new StateMigrationException($"There is no SQLite state file at '{source.DataSource}' (CrmSync:State:ConnectionString).");
        }

        await using (var sqlite = new SqliteStateStore(sqliteConnectionString, timeProvider))
        {
            await sqlite.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var target = new PostgresStateStore(postgresConnectionString, timeProvider, pair);
        await target.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var from = new SqliteConnection(source.ToString());
        await from.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (SqliteSchema.CurrentVersion(from) != PostgresSchema.LatestVersion)
        {
            throw new StateMigrationException(
                $"The SQLite state has schema version {SqliteSchema.CurrentVersion(from)}, the PostgreSQL store {PostgresSchema.LatestVersion}; use a crmsync that supports both.");
        }

        var builder = new NpgsqlConnectionStringBuilder(postgresConnectionString) { SearchPath = target.Schema };
        await using var to = new NpgsqlConnection(builder.ToString());
        await to.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await to.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var tables = SourceTables(from);
        foreach (var table in tables)
        {
            await using var any = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM \"{table}\")", to, transaction);
            if (await any.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                throw new StateMigrationException($"The PostgreSQL schema \"{target.Schema}\" already holds state (table {table} has rows); refusing to overwrite it.");
            }
        }

        var copied = new List<(string, long)>();
        foreach (var table in tables)
        {
            copied.Add((table, await CopyTableAsync(from, to, table, cancellationToken).ConfigureAwait(false)));
        }

        foreach (var table in tables)
        {
            // Identity columns continue after the copied ids.
            await using var identity = new NpgsqlCommand(
                $"""
                SELECT setval(s, (SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"), false)
                FROM (SELECT pg_get_serial_sequence('"{table}"', 'id') AS s) x WHERE s IS NOT NULL
                """, to, transaction);
            if (from.Query($"SELECT 1 FROM pragma_table_info('{table}') WHERE name = 'id'", bind: null, reader => 1).Count > 0)
            {
                await identity.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return copied;
    }

    private static List<string> SourceTables(SqliteConnection from)
    {
        var names = from.Query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY rowid",
            bind: null, reader => reader.GetString(0));
        return [.. Order.Where(names.Contains), .. names.Where(n => !Order.Contains(n))];
    }

    private static async Task<long> CopyTableAsync(SqliteConnection from, NpgsqlConnection to, string table, CancellationToken cancellationToken)
    {
        var columns = from.Query($"SELECT name FROM pragma_table_info('{table}') ORDER BY cid", bind: null, reader => reader.GetString(0));
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var describe = new NpgsqlCommand(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1", to))
        {
            describe.Parameters.Add(new NpgsqlParameter { Value = table });
            await using var reader = await describe.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                types[reader.GetString(0)] = reader.GetString(1);
            }
        }

        var missing = columns.Where(c => !types.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            throw new StateMigrationException($"The PostgreSQL table {table} lacks column(s) {string.Join(", ", missing)} of the SQLite state.");
        }

        var list = string.Join(", ", columns.Select(c => $"\"{c}\""));
        await using var read = from.CreateCommand();
        read.CommandText = $"SELECT {list} FROM \"{table}\"";
        await using var rows = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var copy = await to.BeginBinaryImportAsync($"COPY \"{table}\" ({list}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        long count = 0;
        while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < columns.Count; i++)
            {
                await WriteAsync(copy, rows, i, types[columns[i]], cancellationToken).ConfigureAwait(false);
            }

            count++;
        }

        await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }

    private static Task WriteAsync(NpgsqlBinaryImporter copy, SqliteDataReader rows, int i, string type, CancellationToken cancellationToken)
    {
        if (rows.IsDBNull(i))
        {
            return copy.WriteNullAsync(cancellationToken);
        }

        return type switch
        {
            "uuid" => copy.WriteAsync(Guid.Parse(rows.GetString(i)), NpgsqlDbType.Uuid, cancellationToken),
            "timestamp with time zone" => copy.WriteAsync(
                DateTimeOffset.Parse(rows.GetString(i), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken),
            "boolean" => copy.WriteAsync(rows.GetInt64(i) != 0, NpgsqlDbType.Boolean, cancellationToken),
            "bigint" => copy.WriteAsync(rows.GetInt64(i), NpgsqlDbType.Bigint, cancellationToken),
            "integer" => copy.WriteAsync(rows.GetInt32(i), NpgsqlDbType.Integer, cancellationToken),
            _ => copy.WriteAsync(rows.GetString(i), NpgsqlDbType.Text, cancellationToken),
        };
    }
}
