using System.ComponentModel.DataAnnotations;

namespace CrmSync.DataverseEmulator.Admin;

/// <summary>
/// Service protection API limits per user (defaults as documented at
/// https://learn.microsoft.com/power-apps/developer/data-platform/api-limits). A $batch counts as one request.
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
}
