using Microsoft.Data.Sqlite;

namespace CrmSync.SyncAgent.State.Sqlite;

/// <summary>
/// Turns SQLite's result codes into what an operator needs (issue 18 item 7): which file, what is wrong with it, what
/// to do. Codes: https://www.sqlite.org/rescode.html (the primary code is the low byte of an extended one).
/// </summary>
internal static class SqliteFaults
{
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int NotADatabase = 26;

    /// <summary>The operator's message for <paramref name="exception"/> on <paramref name="file"/>, or null when it is not a fault of the state file.</summary>
    public static string? Describe(SqliteException exception, string file)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return (exception.SqliteErrorCode & 0xFF) switch
        {
            Corrupt => $"The state file '{file}' is damaged (SQLite: {exception.Message}). Nothing more was written to it. Stop the agent, keep the file for diagnosis, run `crmsync state check`, then restore the latest backup (`crmsync state backup <file>` makes one) or move the file away to start a new state (the next run links persons by email again).",
            NotADatabase => $"The state file '{file}' is not a SQLite database (SQLite: {exception.Message}). Nothing was written to it. Check that CrmSync:State:ConnectionString names the agent's state; restore the state from a backup, or move the file away to start a new state.",
            ReadOnly => $"The state file '{file}' or its folder is read-only (SQLite: {exception.Message}). The agent needs write access to the file and to its folder (for the '-wal' and '-shm' files beside it); fix the permissions and start the agent again.",
            CantOpen => $"The state file '{file}' cannot be opened (SQLite: {exception.Message}): its folder is missing or not accessible, or the file vanished. Check CrmSync:State:ConnectionString and the permissions, then start the agent again.",
            IoError or Full => $"The state file '{file}' cannot be read or written (SQLite: {exception.Message}): check the disk (space, errors) and start the agent again.",
            _ => null,
        };
    }
}
