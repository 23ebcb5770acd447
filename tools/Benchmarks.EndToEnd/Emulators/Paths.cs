namespace CrmSync.Benchmarks.EndToEnd.Emulators;

/// <summary>Files the benchmark needs from the repository.</summary>
internal static class Paths
{
    /// <summary>
    /// Set by <c>--memory-rate-window SECONDS</c> for the backfill memory measure only (inherited by its child
    /// processes): Marketo's rate window for both the emulator and the agent's client. Memory does not depend on
    /// the pace, and at 100 calls / 20 s a 1,000,000-record backfill takes over 22 minutes. The Dataverse-limit measure
    /// sets it too (<see cref="Scenarios.DataverseLimitBenchmark"/>): its subject is Dataverse's pace, not Marketo's.
    /// </summary>
    public static TimeSpan? MemoryOnlyRateWindow =>
        Environment.GetEnvironmentVariable("CRMSYNC_BENCH_MEMORY_RATE_WINDOW") is { } seconds
            ? TimeSpan.FromSeconds(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture))
            : null;

    /// <summary>
    /// Set (to 1) by the Dataverse-limit measure, inherited by the emulator process: the Dataverse emulator takes each
    /// write's server cost (10 ms) in real time, as Dataverse does (<c>ServiceProtectionLimits.SimulateServerTime</c>).
    /// </summary>
    public static bool SimulateServerTime => Environment.GetEnvironmentVariable("CRMSYNC_BENCH_SERVER_TIME") == "1";
}
