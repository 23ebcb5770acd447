using Microsoft.Data.Sqlite;

namespace CrmSync.SyncAgent.State.Sqlite;

/// <summary>
/// <c>crmsync state check</c> and <c>crmsync state backup</c> on a SQLite state file. Both open the file read-only, never
/// create it, and work while the service runs (WAL: readers see the last commit while a cycle writes).
/// </summary>
internal static class SqliteMaintenance
{
    /// <summary>
    /// Runs <c>PRAGMA integrity_check</c> on <paramref name="file"/>; an empty list means the file is sound, otherwise up to
    /// 100 problems as SQLite words them. Throws <see cref="StateStoreException"/> when the file cannot be read at all.
    /// </summary>
    public static IReadOnlyList<string> Check(string file)
    {
        using var connection = OpenExisting(file);
        try
        {
            var rows = connection.Query("PRAGMA integrity_check(100)", null, reader => reader.GetString(0));
            return rows is ["ok"] ? [] : rows;
        }
        catch (SqliteException ex) when (SqliteFaults.Describe(ex, file) is { } message)
        {
            throw new StateStoreException(message, ex);
        }
    }

    /// <summary>
    /// Copies <paramref name="file"/> into a new file <paramref name="destination"/> with SQLite's online backup API (a
    /// consistent snapshot even while a cycle writes). Refuses an existing destination: nothing is overwritten.
    /// </summary>
    public static void Backup(string file, string destination)
    {
        var target = Path.GetFullPath(destination);
        if (File.Exists(target) || Directory.Exists(target))
        {
            throw new StateStoreException($"The backup target '{target}' already exists; nothing was overwritten. Name a new file.");
        }

        if (!Directory.Exists(Path.GetDirectoryName(target)))
        {
            throw new StateStoreException($"The backup target's folder '{Path.GetDirectoryName(target)}' does not exist.");
        }

        using var source = OpenExisting(file);
        try
        {
            using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString());
            copy.Open();
            source.BackupDatabase(copy);
        }
        catch (SqliteException ex)
        {
            // A half-written copy is not a backup.
            File.Delete(target);
            throw new StateStoreException(SqliteFaults.Describe(ex, file) ?? $"The backup of '{file}' into '{target}' failed: {ex.Message}", ex);
        }
    }

    private static SqliteConnection OpenExisting(string file)
    {
        if (!File.Exists(file))
        {
            throw new StateStoreException($"The state file '{file}' does not exist. Check CrmSync:State:ConnectionString.");
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        try
        {
            connection.Open();
            return connection;
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new StateStoreException(SqliteFaults.Describe(ex, file) ?? $"The state file '{file}' cannot be opened: {ex.Message}", ex);
        }
    }
}
