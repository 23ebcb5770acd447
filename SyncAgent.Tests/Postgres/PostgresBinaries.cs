namespace CrmSync.SyncAgent.Tests.Postgres;

/// <summary>
/// Where this machine's PostgreSQL server binaries are (<c>initdb</c>, <c>pg_ctl</c>): <c>CRMSYNC_PG_BIN</c>, else the
/// newest <c>/usr/lib/postgresql/&lt;n&gt;/bin</c>, else the PATH. When they are missing, or the tests run as root and
/// there is no <c>postgres</c> user to run them as, <see cref="SkipReason"/> says why and the PostgreSQL tests skip.
/// </summary>
public static class PostgresBinaries
{
    private static readonly Lazy<(string? Directory, string? SkipReason)> Found = new(Find);

    /// <summary>The directory holding initdb and pg_ctl, or null.</summary>
    public static string? Directory => Found.Value.Directory;

    /// <summary>Why the PostgreSQL tests cannot run here, or null when they can.</summary>
    public static string? SkipReason => Found.Value.SkipReason;

    /// <summary>Whether the test process runs as root (initdb refuses root: the server runs as the postgres user).</summary>
    public static bool IsRoot => OperatingSystem.IsLinux() && Environment.UserName == "root";

    private static (string?, string?) Find()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return (null, "PostgreSQL tests run on Linux or macOS only.");
        }

        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("CRMSYNC_PG_BIN") is { Length: > 0 } configured)
        {
            // Set: the only place looked at (CRMSYNC_PG_BIN=/nowhere shows how the tests report without PostgreSQL).
            candidates.Add(configured);
        }
        else if (System.IO.Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(System.IO.Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        }

        if (candidates.Count == 0)
        {
            candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries));
        }
        var directory = candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
        if (directory is null)
        {
            return (null, "PostgreSQL server binaries (initdb, pg_ctl) not found: install postgresql or set CRMSYNC_PG_BIN.");
        }

        if (IsRoot && !File.ReadLines("/etc/passwd").Any(l => l.StartsWith("postgres:", StringComparison.Ordinal)))
        {
            return (null, "Running as root and there is no 'postgres' user to run the PostgreSQL server as.");
        }

        return (directory, null);
    }
}
