using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.State;

/// <summary>
/// One atomic unit of state changes. Nothing is visible to readers until <see cref="CommitAsync"/>; disposing an
/// uncommitted transaction (or the process dying) leaves the previous state intact.
/// </summary>
internal abstract partial class StateTransaction : IAsyncDisposable
{
    /// <summary>Links persons to records (bulk); clears their unlink marks. A person or record already linked throws.</summary>
    public abstract Task AddLinksAsync(IEnumerable<Link> links, CancellationToken cancellationToken = default);

    /// <summary>Moves a person's link to another record (lead conversion), keeping its shadows.</summary>
    public abstract Task RelinkAsync(long marketoId, RecordKey to, CancellationToken cancellationToken = default);

    /// <summary>Removes a person's link and its shadows and marks the person as unlinked with <paramref name="reason"/>.</summary>
    public abstract Task UnlinkAsync(long marketoId, string reason, CancellationToken cancellationToken = default);

    /// <summary>Sets shadows (bulk upsert); the persons must be linked.</summary>
    public abstract Task SetShadowsAsync(IEnumerable<ShadowValue> shadows, CancellationToken cancellationToken = default);

    /// <summary>Sets (or with null clears) a named cursor.</summary>
    public abstract Task SetCursorAsync(string name, string? value, CancellationToken cancellationToken = default);

    /// <summary>Records a refused write and returns its id.</summary>
    public abstract Task<long> AddRejectionAsync(Rejection rejection, CancellationToken cancellationToken = default);

    /// <summary>Resolves the open rejected values of these fields; a rejection whose fields are all resolved is resolved.</summary>
    public abstract Task ResolveRejectionsAsync(IEnumerable<ResolvedRejection> fields, CancellationToken cancellationToken = default);

    /// <summary>Resolves a whole rejection (operator action).</summary>
    public abstract Task ResolveRejectionAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Records a cycle start and returns its id.</summary>
    public abstract Task<long> StartCycleAsync(DateTimeOffset startedOn, CancellationToken cancellationToken = default);

    /// <summary>Stores the end of cycle <see cref="CycleRecord.Id"/>: outcome, end time and counts.</summary>
    public abstract Task CompleteCycleAsync(CycleRecord cycle, CancellationToken cancellationToken = default);

    /// <summary>Sets a pending-work marker.</summary>
    public abstract Task SetMarkerAsync(string name, string value, CancellationToken cancellationToken = default);

    /// <summary>Removes a pending-work marker.</summary>
    public abstract Task ClearMarkerAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Stores history events (DESIGN B19).</summary>
    public abstract Task AddHistoryAsync(IEnumerable<HistoryEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Deletes history events and link history older than <paramref name="before"/> (<c>CrmSync:History:Retention</c>); returns the rows deleted.</summary>
    public abstract Task<int> PruneHistoryAsync(DateTimeOffset before, CancellationToken cancellationToken = default);

    /// <summary>Makes every change of this transaction durable and visible.</summary>
    public abstract Task CommitAsync(CancellationToken cancellationToken = default);

    /// <summary>Applies the planner's link changes: relinks, and unlinks with the reason the engine gave.</summary>
    public async Task ApplyLinkChangesAsync(IEnumerable<LinkChange> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var change in changes)
        {
            if (change.UnlinkReason is { } reason)
            {
                await UnlinkAsync(change.MarketoId, reason, cancellationToken).ConfigureAwait(false);
            }
            else if (change.To is { } to)
            {
                await RelinkAsync(change.MarketoId, to, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc/>
    public abstract ValueTask DisposeAsync();
}
