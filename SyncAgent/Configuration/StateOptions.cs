using System.ComponentModel.DataAnnotations;
using CrmSync.SyncAgent.Validation;

namespace CrmSync.SyncAgent.Configuration;

/// <summary>Section <c>CrmSync:State</c>.</summary>
internal sealed class StateOptions
{
    /// <summary>The default SQLite database, next to the working directory.</summary>
    public const string DefaultConnectionString = "Data Source=crmsync.db";

    /// <summary>Provider <c>sqlite</c> (default): one local file.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>Provider <c>postgres</c>: a PostgreSQL 13+ database that several agents share (DESIGN B21).</summary>
    public const string Postgres = "postgres";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>
    /// The SQLite connection string (<c>Data Source=:memory:</c> keeps state in memory: tests, demo), or with provider
    /// <c>postgres</c> an Npgsql one (<c>Host=…;Database=…;Username=…</c>).
    /// </summary>
    [Required(ErrorMessage = "CrmSync:State:ConnectionString is required (default: Data Source=crmsync.db).")]
    public string ConnectionString { get; set; } = DefaultConnectionString;

    /// <summary>
    /// How long a writer (a cycle, sync-person) waits for another one to release the state's single-writer guard before
    /// it gives up naming the holder.
    /// </summary>
    [TimeSpanRange("00:00:00", "01:00:00", ErrorMessage = "CrmSync:State:WriterWait must be between 00:00:00 and 01:00:00.")]
    public TimeSpan WriterWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The pair this state belongs to (set by <see cref="PairConfigurations.For"/>; <c>default</c> otherwise).</summary>
    public string Pair { get; set; } = State.PairNames.Default;

    /// <summary>Whether the state lives in PostgreSQL.</summary>
    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="provider"/> is <c>sqlite</c> or <c>postgres</c> (any case).</summary>
    public static bool IsKnownProvider(string? provider) =>
        string.Equals(provider, Sqlite, StringComparison.OrdinalIgnoreCase) || string.Equals(provider, Postgres, StringComparison.OrdinalIgnoreCase);
}
