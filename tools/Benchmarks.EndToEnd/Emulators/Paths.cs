namespace CrmSync.Benchmarks.EndToEnd.Emulators;

/// <summary>Files the benchmark needs from the repository.</summary>
internal static class Paths
{
    /// <summary>The managed solution the build packs (artifacts/solution/CrmSync_&lt;version&gt;_managed.zip).</summary>
    public static string SolutionZip
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CrmSync.sln")))
            {
                directory = directory.Parent;
            }

            var folder = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Repository root not found."), "artifacts", "solution");
            return Directory.GetFiles(folder, "CrmSync_*_managed.zip").Single();
        }
    }

    /// <summary>
    /// Set by <c>--memory-rate-window SECONDS</c> for the backfill memory measure only (inherited by its child
    /// processes): Marketo's rate window for both the emulator and the agent's client. Memory does not depend on
    /// the pace, and at 100 calls / 20 s a 1,000,000-record backfill takes over 22 minutes.
    /// </summary>
    public static TimeSpan? MemoryOnlyRateWindow =>
        Environment.GetEnvironmentVariable("CRMSYNC_BENCH_MEMORY_RATE_WINDOW") is { } seconds
            ? TimeSpan.FromSeconds(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture))
            : null;
}
