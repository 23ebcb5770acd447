using CrmSync.SyncAgent.RealTime;
using Microsoft.Extensions.Hosting;

namespace CrmSync.SyncAgent.Hosting;

/// <summary>
/// Runs <see cref="KeptRequestDrain"/> beside <see cref="SyncWorker"/> on the single agent (SQLite), which holds its one
/// pair (issue 17). It polls every <see cref="Poll"/> too, for requests kept by another process (the CLI's sync-person).
/// </summary>
internal sealed class KeptRequestDrainWorker(KeptRequestDrain drain) : BackgroundService
{
    /// <summary>How often the drain looks for requests kept by another process.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(30);

    /// <inheritdoc/>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => drain.RunAsync(Poll, stoppingToken);
}
