using System.ComponentModel.DataAnnotations;

namespace CrmSync.DataverseEmulator.Admin;

/// <summary>
/// Service protection API limits per user (defaults as documented at
/// https://learn.microsoft.com/power-apps/developer/data-platform/api-limits), evaluated over a sliding window:
/// the number of requests (a $batch counts as one), the combined execution time of those requests, and the number of
/// concurrent requests.
/// </summary>
public sealed record ServiceProtectionLimits
{
    /// <summary>Requests per user within <see cref="Window"/> (default 6000).</summary>
    [Range(1, int.MaxValue)]
    public int RequestsPerWindow { get; init; } = 6000;

    /// <summary>The sliding window (default 300 s).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Concurrent requests per user (default 52).</summary>
    [Range(1, int.MaxValue)]
    public int ConcurrentRequests { get; init; } = 52;

    /// <summary>Combined execution time of a user's requests within <see cref="Window"/> (default 20 minutes).</summary>
    public TimeSpan ExecutionTimePerWindow { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>
    /// Server time one write (create, update, upsert, delete, inside a $batch or not) costs on top of the time the
    /// emulator measured handling the request (which includes running the plug-in). Default 10 ms: a plain write in
    /// Dataverse. Zero charges the measured time only.
    /// </summary>
    public TimeSpan WriteCost { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// When true, a response also waits out its writes' <see cref="WriteCost"/> on the emulator clock, so a $batch of
    /// 1,000 writes takes 10 s as in the cloud and concurrency is what buys throughput. Off by default: the cost is then
    /// charged to the execution-time limit without slowing the emulator down.
    /// </summary>
    public bool SimulateServerTime { get; init; }
}
