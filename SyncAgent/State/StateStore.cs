using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.State;

/// <summary>
/// The agent's state (DESIGN §3): links, shadows, cursors, rejections, cycle history and pending-work markers.
/// Reads see committed state only; every change goes through a <see cref="StateTransaction"/> so a cycle commits its
/// links, shadows and cursors atomically after its writes landed.
/// </summary>
internal abstract partial class StateStore : IAsyncDisposable
{
    /// <summary>Creates or migrates the schema; call once before anything else.</summary>
    public abstract Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>The schema version in use.</summary>
    public abstract Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the state's single-writer guard for <paramref name="purpose"/> (e.g. "cycle", "sync-person 42"): every path
    /// that writes (cycle, sync-person, resync) holds it while it reads, decides and commits, across threads, processes
    /// and, for a server store, hosts (a lease). Waits a bounded time for another writer, then throws
    /// <see cref="StateWriterBusyException"/> naming it. Holding the guard, the store checks that the state is still the
    /// one it opened (throws a fatal <see cref="StateStoreException"/> if it vanished or was replaced). Dispose to release.
    /// </summary>
    public abstract Task<IAsyncDisposable> AcquireWriterAsync(string purpose, CancellationToken cancellationToken = default);

    /// <summary>
    /// The operator's message when <paramref name="exception"/> is a fault of the state itself (damaged, not a database,
    /// read-only, vanished), naming it and what to do; null for any other failure.
    /// </summary>
    public virtual string? DescribeFault(Exception exception) => exception is StateStoreException fault ? fault.Message : null;

    /// <summary>Starts a transaction; disposing it without <see cref="StateTransaction.CommitAsync"/> discards its changes.</summary>
    public abstract Task<StateTransaction> BeginAsync(CancellationToken cancellationToken = default);

    /// <summary>The link of a person, if linked.</summary>
    public abstract Task<Link?> FindLinkAsync(long marketoId, CancellationToken cancellationToken = default);

    /// <summary>The link of a record, if linked.</summary>
    public abstract Task<Link?> FindLinkAsync(RecordKey record, CancellationToken cancellationToken = default);

    /// <summary>The links of the given persons (missing ones are skipped).</summary>
    public abstract Task<IReadOnlyList<Link>> GetLinksAsync(IEnumerable<long> marketoIds, CancellationToken cancellationToken = default);

    /// <summary>The links of the given records (missing ones are skipped).</summary>
    public abstract Task<IReadOnlyList<Link>> GetLinksAsync(IEnumerable<RecordKey> records, CancellationToken cancellationToken = default);

    /// <summary>Every link, streamed in Marketo id order.</summary>
    public abstract IAsyncEnumerable<Link> GetAllLinksAsync(CancellationToken cancellationToken = default);

    /// <summary>The number of links.</summary>
    public abstract Task<int> CountLinksAsync(CancellationToken cancellationToken = default);

    /// <summary>The number of links per entity (entities without links are left out).</summary>
    public virtual async Task<IReadOnlyDictionary<SyncEntity, int>> CountLinksByEntityAsync(CancellationToken cancellationToken = default)
    {
        var counts = new Dictionary<SyncEntity, int>();
        await foreach (var link in GetAllLinksAsync(cancellationToken).ConfigureAwait(false))
        {
            counts[link.Entity] = counts.GetValueOrDefault(link.Entity) + 1;
        }

        return counts;
    }

    /// <summary>A person's link history, oldest first.</summary>
    public abstract Task<IReadOnlyList<LinkHistoryEntry>> GetLinkHistoryAsync(long marketoId, CancellationToken cancellationToken = default);

    /// <summary>A person's stored writes, collisions and retries (DESIGN B19), oldest first.</summary>
    public abstract Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(long marketoId, CancellationToken cancellationToken = default);

    /// <summary>The unlink mark of a person, if it was unlinked and not linked again.</summary>
    public abstract Task<UnlinkedPerson?> FindUnlinkedAsync(long marketoId, CancellationToken cancellationToken = default);

    /// <summary>The shadows of the given persons.</summary>
    public abstract Task<IReadOnlyList<ShadowValue>> GetShadowsAsync(IEnumerable<long> marketoIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// The shadows of the given persons, only for the given Marketo fields (ordinal, as the engine looks them up): a
    /// cycle compares only the fields that changed, a few of each person's dozen (tools/BENCHMARKS.md, agent CPU).
    /// </summary>
    public virtual async Task<IReadOnlyList<ShadowValue>> GetShadowsAsync(
        IEnumerable<long> marketoIds, IReadOnlySet<string> fields, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var all = await GetShadowsAsync(marketoIds, cancellationToken).ConfigureAwait(false);
        return [.. all.Where(s => fields.Contains(s.Field))];
    }

    /// <summary>A named cursor (see <see cref="CursorNames"/>), or null if never set.</summary>
    public abstract Task<string?> GetCursorAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The open rejected field values of the given records, as the planner needs them.</summary>
    public abstract Task<IReadOnlyList<RejectedWrite>> GetOpenRejectedWritesAsync(
        IEnumerable<RecordKey> records, CancellationToken cancellationToken = default);

    /// <summary>Rejections matching <paramref name="query"/>, newest first.</summary>
    public abstract Task<IReadOnlyList<Rejection>> SearchRejectionsAsync(RejectionQuery query, CancellationToken cancellationToken = default);

    /// <summary>The most recent cycles, newest first.</summary>
    public abstract Task<IReadOnlyList<CycleRecord>> GetRecentCyclesAsync(int count, CancellationToken cancellationToken = default);

    /// <summary>A cycle by id.</summary>
    public abstract Task<CycleRecord?> FindCycleAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Every pending-work marker (name → value); a marker left by a half-done cycle tells the next one to re-run its work.</summary>
    public abstract Task<IReadOnlyDictionary<string, string>> GetMarkersAsync(CancellationToken cancellationToken = default);

    /// <summary>When each marker whose name starts with <paramref name="prefix"/> was set (name → time, UTC).</summary>
    public abstract Task<IReadOnlyDictionary<string, DateTimeOffset>> GetMarkerTimesAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Records the start of a cycle (committed at once, so a cycle that dies stays visible as running) and returns its id.</summary>
    public async Task<long> StartCycleAsync(DateTimeOffset startedOn, CancellationToken cancellationToken = default)
    {
        await using var transaction = await BeginAsync(cancellationToken).ConfigureAwait(false);
        var id = await transaction.StartCycleAsync(startedOn, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        OnCycleStarted(id);
        return id;
    }

    /// <summary>Called once cycle <paramref name="cycleId"/> is committed; a store may remember it to notice a state rewound to an older copy.</summary>
    protected virtual void OnCycleStarted(long cycleId)
    {
    }

    /// <inheritdoc/>
    public abstract ValueTask DisposeAsync();
}
