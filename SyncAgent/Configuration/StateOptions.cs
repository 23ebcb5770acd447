using System.ComponentModel.DataAnnotations;

namespace CrmSync.SyncAgent.Configuration;

/// <summary>Section <c>CrmSync:State</c>.</summary>
internal sealed class StateOptions
{
    /// <summary>The default SQLite database, next to the working directory.</summary>
    public const string DefaultConnectionString = "Data Source=crmsync.db";

    /// <summary>The SQLite connection string; <c>Data Source=:memory:</c> keeps state in memory (tests, demo).</summary>
    [Required(ErrorMessage = "CrmSync:State:ConnectionString is required (default: Data Source=crmsync.db).")]
    public string ConnectionString { get; set; } = DefaultConnectionString;

    /// <summary>
    /// How long a writer (a cycle, sync-person) waits for another one to release the state's single-writer guard before
    /// it gives up naming the holder.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "CrmSync:State:WriterWait must be between 00:00:00 and 01:00:00.")]
    public TimeSpan WriterWait { get; set; } = TimeSpan.FromSeconds(30);
}
