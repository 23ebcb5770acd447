using Microsoft.Data.Sqlite;

namespace CrmSync.SyncAgent.State.Sqlite;

/// <summary>
/// A state's identity (issue 18 item 6): a random id stored in the state when it is created. The agent reads it at start
/// and checks, each time it takes the writer guard, that the file still exists and still carries it, so a state file
/// deleted or replaced under a running agent stops its writes with a clear reason instead of committing into a file
/// nobody will read again, or into another state. A file replaced by an older copy of the same state (a backup restored
/// under the running agent) carries the same id; it is noticed by its cycles: its last cycle is older than one this
/// agent already started.
/// </summary>
internal static class SqliteStateIdentity
{
    /// <summary>The cursor row that holds the id.</summary>
    public const string CursorName = "state:id";

    /// <summary>Reads the state's id, giving a state without one (new, or older than this check) a new random id.</summary>
    public static string Ensure(SqliteConnection connection, string now)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO cursors (name, value, updated_on) VALUES ($name, $value, $now) ON CONFLICT (name) DO NOTHING; SELECT value FROM cursors WHERE name = $name;";
        command.Parameters.AddWithValue("$name", CursorName);
        command.Parameters.AddWithValue("$value", Guid.NewGuid().ToString("N"));
        command.Parameters.AddWithValue("$now", now);
        return (string)command.ExecuteScalar()!;
    }

    /// <summary>
    /// Throws a fatal <see cref="StateStoreException"/> unless <paramref name="file"/> exists, carries <paramref name="expectedId"/>
    /// and holds cycle <paramref name="lastCycleId"/> (the last one this agent started; 0 for none) or a later one.
    /// </summary>
    public static void Verify(string file, string expectedId, long lastCycleId)
    {
        if (!File.Exists(file))
        {
            throw new StateStoreException(
                $"The state file '{file}' vanished while the agent was running (deleted or moved). The agent stopped writing so nothing lands in a file nobody reads; restore the file (or its backup) and restart the agent. Starting with a new, empty state would link every person again by email.");
        }

        string? found;
        long lastInFile;
        try
        {
            // A fresh connection, not a pooled one: a pooled connection still reads the old file if it was replaced.
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT value FROM cursors WHERE name = $name";
            command.Parameters.AddWithValue("$name", CursorName);
            found = command.ExecuteScalar() as string;
            command.CommandText = "SELECT COALESCE(MAX(id), 0) FROM cycles";
            lastInFile = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (SqliteException ex)
        {
            throw new StateStoreException(SqliteFaults.Describe(ex, file) ?? $"The state file '{file}' was replaced by something that is not the agent's state ({ex.Message}); restore the agent's state and restart it.", ex);
        }

        if (!string.Equals(found, expectedId, StringComparison.Ordinal))
        {
            throw new StateStoreException(
                $"The state file '{file}' was replaced while the agent was running: it is not the state the agent started with (state id {found ?? "none"}, expected {expectedId}). The agent stopped writing; if the replacement is intended, restart the agent.");
        }

        if (lastInFile < lastCycleId)
        {
            throw new StateStoreException(string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"The state file '{file}' was replaced by an older copy of the same state (a backup?): its last cycle is {lastInFile}, the agent already ran cycle {lastCycleId}. The agent stopped writing so nothing runs twice or is lost; restart the agent to continue from the older copy on purpose."));
        }
    }
}
