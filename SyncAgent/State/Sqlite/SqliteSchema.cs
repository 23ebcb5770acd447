using Microsoft.Data.Sqlite;

namespace CrmSync.SyncAgent.State.Sqlite;

/// <summary>The schema as ordered migrations; each runs once, in its own transaction, and is recorded in <c>schema_migrations</c>.</summary>
internal static class SqliteSchema
{
    /// <summary>The migrations, oldest first. Append only: never edit one that shipped.</summary>
    private static readonly (int Version, string Description, string Sql)[] Migrations =
    [
        (1, "links, shadows, cursors, rejections, cycles, markers", """
            CREATE TABLE links (
                marketo_id INTEGER PRIMARY KEY,
                record_id TEXT NOT NULL,
                entity TEXT NOT NULL CHECK (entity IN ('lead', 'contact')),
                linked_on TEXT NOT NULL,
                UNIQUE (record_id, entity));
            CREATE TABLE link_history (
                id INTEGER PRIMARY KEY,
                marketo_id INTEGER NOT NULL,
                entity TEXT NOT NULL,
                record_id TEXT NOT NULL,
                event INTEGER NOT NULL,
                reason TEXT,
                occurred_on TEXT NOT NULL);
            CREATE INDEX ix_link_history_marketo ON link_history (marketo_id);
            CREATE TABLE unlinked_persons (
                marketo_id INTEGER PRIMARY KEY,
                entity TEXT NOT NULL,
                record_id TEXT NOT NULL,
                reason TEXT NOT NULL,
                unlinked_on TEXT NOT NULL);
            CREATE TABLE shadows (
                marketo_id INTEGER NOT NULL REFERENCES links (marketo_id) ON DELETE CASCADE,
                field TEXT NOT NULL,
                kind INTEGER NOT NULL,
                value TEXT,
                updated_on TEXT NOT NULL,
                PRIMARY KEY (marketo_id, field)) WITHOUT ROWID;
            CREATE TABLE cursors (
                name TEXT PRIMARY KEY,
                value TEXT NOT NULL,
                updated_on TEXT NOT NULL);
            CREATE TABLE cycles (
                id INTEGER PRIMARY KEY,
                started_on TEXT NOT NULL,
                ended_on TEXT,
                outcome INTEGER NOT NULL DEFAULT 0,
                crm_read INTEGER NOT NULL DEFAULT 0,
                marketo_read INTEGER NOT NULL DEFAULT 0,
                crm_written INTEGER NOT NULL DEFAULT 0,
                marketo_written INTEGER NOT NULL DEFAULT 0,
                collisions INTEGER NOT NULL DEFAULT 0,
                rejections INTEGER NOT NULL DEFAULT 0,
                errors INTEGER NOT NULL DEFAULT 0,
                message TEXT);
            CREATE TABLE rejections (
                id INTEGER PRIMARY KEY,
                direction INTEGER NOT NULL,
                operation TEXT NOT NULL,
                entity TEXT,
                record_id TEXT,
                marketo_id INTEGER,
                error_code TEXT,
                message TEXT NOT NULL,
                occurred_on TEXT NOT NULL,
                resolved INTEGER NOT NULL DEFAULT 0,
                resolved_on TEXT,
                cycle_id INTEGER REFERENCES cycles (id) ON DELETE SET NULL);
            CREATE INDEX ix_rejections_open_record ON rejections (record_id, entity) WHERE resolved = 0;
            CREATE INDEX ix_rejections_occurred ON rejections (occurred_on);
            CREATE TABLE rejection_fields (
                rejection_id INTEGER NOT NULL REFERENCES rejections (id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                field TEXT NOT NULL,
                kind INTEGER NOT NULL,
                value TEXT,
                resolved INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (rejection_id, field)) WITHOUT ROWID;
            CREATE TABLE markers (
                name TEXT PRIMARY KEY,
                value TEXT NOT NULL,
                created_on TEXT NOT NULL);
            """),
        (2, "API calls and throttling per cycle", """
            ALTER TABLE cycles ADD COLUMN dataverse_calls INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE cycles ADD COLUMN marketo_calls INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE cycles ADD COLUMN throttled INTEGER NOT NULL DEFAULT 0;
            """),
        (20, "history events: writes, collisions, retries", """
            CREATE TABLE history_events (
                id INTEGER PRIMARY KEY,
                marketo_id INTEGER NOT NULL,
                entity TEXT,
                record_id TEXT,
                kind TEXT NOT NULL,
                field TEXT,
                direction INTEGER,
                old_value TEXT,
                new_value TEXT,
                has_values INTEGER NOT NULL,
                cycle_id INTEGER,
                detail TEXT,
                occurred_on TEXT NOT NULL);
            CREATE INDEX ix_history_events_marketo ON history_events (marketo_id);
            CREATE INDEX ix_history_events_occurred ON history_events (occurred_on);
            CREATE INDEX ix_link_history_occurred ON link_history (occurred_on);
            """),
        // One-way kinds (DESIGN B16): a record is keyed by its Dynamics id, which is its external id in Marketo; the
        // Marketo id is text because an opportunity's is a GUID (marketoGUID), a company's an integer.
        (35, "links of one-way kinds (accounts → companies)", """
            CREATE TABLE object_links (
                kind TEXT NOT NULL,
                dynamics_id TEXT NOT NULL,
                marketo_id TEXT NOT NULL,
                linked_on TEXT NOT NULL,
                PRIMARY KEY (kind, dynamics_id)) WITHOUT ROWID;
            """),
    ];

    /// <summary>The version the code expects.</summary>
    public static int LatestVersion => Migrations[^1].Version;

    /// <summary>Applies the migrations the database lacks; a database newer than the code is refused.</summary>
    public static void Migrate(SqliteConnection connection, string now)
    {
        Execute(connection, null, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                description TEXT NOT NULL,
                applied_on TEXT NOT NULL);
            """);
        var current = CurrentVersion(connection);
        if (current > LatestVersion)
        {
            throw new InvalidOperationException(
                $"The state database has schema version {current}, newer than this agent supports ({LatestVersion}). Upgrade crmsync.");
        }

        foreach (var (version, description, sql) in Migrations)
        {
            if (version <= current)
            {
                continue;
            }

            using var transaction = connection.BeginTransaction(deferred: false);
            Execute(connection, transaction, sql);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (version, description, applied_on) VALUES ($version, $description, $now)";
            record.Parameters.AddWithValue("$version", version);
            record.Parameters.AddWithValue("$description", description);
            record.Parameters.AddWithValue("$now", now);
            record.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    /// <summary>The highest applied migration, 0 for none.</summary>
    public static int CurrentVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
