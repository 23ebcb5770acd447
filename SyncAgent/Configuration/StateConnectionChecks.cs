using Microsoft.Data.Sqlite;

namespace CrmSync.SyncAgent.Configuration;

/// <summary>
/// The SQLite state connection string values that parse but cannot work (issue 18 item 8): the agent writes its state,
/// into a file whose folder exists, without SQLCipher.
/// </summary>
internal static class StateConnectionChecks
{
    private const string Key = "CrmSync:State:ConnectionString";

    public static void Check(string connectionString, SqliteConnectionStringBuilder builder, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(errors);
        if (builder.Mode == SqliteOpenMode.ReadOnly)
        {
            errors.Add($"{Key} has Mode=ReadOnly, but the agent writes its state; remove Mode (the default is ReadWriteCreate).");
        }

        if (connectionString.Split(';').Any(part => part.Split('=')[0].Trim() is { } name
            && (name.Equals("Password", StringComparison.OrdinalIgnoreCase) || name.Equals("Pwd", StringComparison.OrdinalIgnoreCase))))
        {
            // Microsoft.Data.Sqlite needs SQLCipher for a password; the bundled SQLite has none and fails on first use.
            errors.Add($"{Key} sets Password, but the agent's SQLite does not encrypt; remove Password and protect the file with file-system permissions.");
        }

        var source = builder.DataSource;
        if (builder.Mode == SqliteOpenMode.Memory || source == ":memory:")
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(source))
        {
            errors.Add($"{Key} has no Data Source; name the state file, e.g. 'Data Source=/var/lib/crmsync/crmsync.db'.");
            return;
        }

        string full;
        try
        {
            full = Path.GetFullPath(source);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            errors.Add($"{Key} Data Source '{source}' is not a valid path: {ex.Message}");
            return;
        }

        if (Directory.Exists(full))
        {
            errors.Add($"{Key} Data Source '{full}' is a folder; name a file in it, e.g. '{Path.Combine(full, "crmsync.db")}'.");
        }
        else if (Path.GetDirectoryName(full) is { } folder && !Directory.Exists(folder))
        {
            errors.Add($"{Key} Data Source '{full}': the folder '{folder}' does not exist; create it (writable by the agent's user) or name another file.");
        }
    }
}
