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
}
