using Microsoft.Data.Sqlite;

namespace CrmSync.SyncAgent.State.Sqlite;

/// <summary>The read loop of the SQLite store's queries.</summary>
internal static class SqliteQuery
{
    /// <summary>Runs <paramref name="sql"/> with the parameters <paramref name="bind"/> adds and maps every row with <paramref name="read"/>.</summary>
    public static List<T> Query<T>(this SqliteConnection connection, string sql, Action<SqliteCommand>? bind, Func<SqliteDataReader, T> read)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind?.Invoke(command);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
