using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Dataverse.Http;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.Telemetry;

namespace CrmSync.SyncAgent.Health;

/// <summary>
/// Refreshes the state gauges (backlog, oldest pending change, linked records per entity) before a scrape of
/// <c>/metrics</c>, at most once per <see cref="MinimumInterval"/>: one staging count from Dynamics and one query of the
/// state, so frequent scrapes cost no more than the status page.
/// </summary>
internal sealed class GaugeRefresher(StateStore state, DataverseClient dataverse, TimeProvider time)
{
    /// <summary>Scrapes closer together than this reuse the last values.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(15);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset? _refreshedOn;

    /// <summary>Refreshes the gauges unless they are fresh.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            if (_refreshedOn is { } last && now - last < MinimumInterval && now >= last)
            {
                return;
            }

            long? backlog = null;
            TimeSpan? oldest = null;
            try
            {
                var staged = await dataverse.GetStagingBacklogAsync(cancellationToken).ConfigureAwait(false);
                backlog = staged.Count;
                oldest = staged.OldestChangedOn is { } on ? now - on : null;
            }
            catch (DataverseException)
            {
                // Unknown, not zero: the gauge is left out of the scrape.
            }

            var linked = (await state.CountLinksByEntityAsync(cancellationToken).ConfigureAwait(false))
                .ToDictionary(e => e.Key.ToLogicalName(), e => (long)e.Value, StringComparer.Ordinal);
            foreach (var entity in new[] { SyncEntity.Lead, SyncEntity.Contact })
            {
                linked.TryAdd(entity.ToLogicalName(), 0);
            }

            CrmSyncTelemetry.SetGauges(new StateGauges(backlog, oldest, linked));
            _refreshedOn = now;
        }
        finally
        {
            _gate.Release();
        }
    }
}
