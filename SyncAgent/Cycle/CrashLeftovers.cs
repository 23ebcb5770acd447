using System.Text.Json;
using CrmSync.SyncAgent.Cycle.Ports;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.State;
using Microsoft.Extensions.Logging;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>
/// The work a committed cycle does after its commit, and what a crash between the commit and that work leaves behind:
/// rejection notices not sent yet (their markers) and staging rows applied but not deleted (the applied-staging
/// marker). <see cref="FinishAsync"/> is the cycle's first step; the same methods finish each cycle's own work.
/// </summary>
internal sealed partial class CrashLeftovers(CrmPort dataverse, StateStore state, RejectionNotifier notifier, ILogger<CrashLeftovers> logger)
{
    /// <summary>
    /// Sends the notices a crash left pending and deletes the staging rows a committed cycle applied but did not
    /// delete (one read of the markers); returns the ids of those whose delete failed again, which the next read must
    /// skip: their values are older than the shadows.
    /// </summary>
    public async Task<IReadOnlySet<Guid>> FinishAsync(CancellationToken cancellationToken)
    {
        var markers = await state.GetMarkersAsync(cancellationToken).ConfigureAwait(false);
        await notifier.SendPendingAsync(markers, cancellationToken).ConfigureAwait(false);
        if (!markers.TryGetValue(SyncCycle.AppliedStagingMarker, out var json)
            || JsonSerializer.Deserialize(json, NoticeJsonContext.Default.ListGuid) is not { Count: > 0 } applied)
        {
            return new HashSet<Guid>();
        }

        return (await DeleteStagingAsync(applied, cancellationToken).ConfigureAwait(false)).ToHashSet();
    }

    /// <summary>Sends every pending rejection notice.</summary>
    public Task<int> SendNoticesAsync(CancellationToken cancellationToken) => notifier.SendPendingAsync(cancellationToken);

    /// <summary>Deletes applied staging rows; once all are gone, clears the applied-staging marker. Returns the rows left.</summary>
    public async Task<IReadOnlyList<Guid>> DeleteStagingAsync(IReadOnlyCollection<Guid> stagingIds, CancellationToken cancellationToken)
    {
        if (stagingIds.Count == 0)
        {
            return [];
        }

        // A row left behind stays listed in the applied-staging marker, so the next cycle skips it and deletes it again.
        var results = await dataverse.DeleteStagingRowsAsync(stagingIds, cancellationToken).ConfigureAwait(false);
        var left = stagingIds.Where((_, i) => !results[i].Landed).ToList();
        if (left.Count > 0)
        {
            LogStagingRowsLeft(logger, left.Count);
            return left;
        }

        await using var transaction = await state.BeginAsync(cancellationToken).ConfigureAwait(false);
        await transaction.ClearMarkerAsync(SyncCycle.AppliedStagingMarker, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return [];
    }

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "{Count} staging rows could not be deleted; they are read again next cycle as echoes")]
    private static partial void LogStagingRowsLeft(ILogger logger, int count);
}
