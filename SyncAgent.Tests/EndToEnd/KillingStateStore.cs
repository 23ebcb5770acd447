using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Tests.EndToEnd;

/// <summary>
/// A state store that "kills the agent" at the cycle's commit: the transaction that completes a cycle throws instead of
/// committing, and from then on every call throws, as if the process were gone. Everything else passes through.
/// </summary>
internal sealed class KillingStateStore(StateStore inner) : StateStore
{
    /// <summary>Whether the next cycle commit kills the agent.</summary>
    public bool Armed { get; set; }

    /// <summary>Whether the agent was killed.</summary>
    public bool Killed { get; private set; }

    public override Task InitializeAsync(CancellationToken cancellationToken = default) => Alive(() => inner.InitializeAsync(cancellationToken));

    public override Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default) => Alive(() => inner.GetSchemaVersionAsync(cancellationToken));

    public override Task<IAsyncDisposable> AcquireWriterAsync(string purpose, CancellationToken cancellationToken = default) =>
        Alive(() => inner.AcquireWriterAsync(purpose, cancellationToken));

    public override string? DescribeFault(Exception exception) => inner.DescribeFault(exception);

    public override async Task<StateTransaction> BeginAsync(CancellationToken cancellationToken = default) =>
        new KillingTransaction(this, await Alive(() => inner.BeginAsync(cancellationToken)));

    public override Task<Link?> FindLinkAsync(long marketoId, CancellationToken cancellationToken = default) => Alive(() => inner.FindLinkAsync(marketoId, cancellationToken));

    public override Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(long marketoId, CancellationToken cancellationToken = default) =>
        Alive(() => inner.GetHistoryAsync(marketoId, cancellationToken));

    public override Task<Link?> FindLinkAsync(RecordKey record, CancellationToken cancellationToken = default) => Alive(() => inner.FindLinkAsync(record, cancellationToken));

    public override Task<IReadOnlyList<Link>> GetLinksAsync(IEnumerable<long> marketoIds, CancellationToken cancellationToken = default) =>
        Alive(() => inner.GetLinksAsync(marketoIds, cancellationToken));

    public override Task<IReadOnlyList<Link>> GetLinksAsync(IEnumerable<RecordKey> records, CancellationToken cancellationToken = default) =>
        Alive(() => inner.GetLinksAsync(records, cancellationToken));

    public override IAsyncEnumerable<Link> GetAllLinksAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfKilled();
        return inner.GetAllLinksAsync(cancellationToken);
    }

    public override Task<int> CountLinksAsync(CancellationToken cancellationToken = default) => Alive(() => inner.CountLinksAsync(cancellationToken));

    public override Task<IReadOnlyList<LinkHistoryEntry>> GetLinkHistoryAsync(long marketoId, CancellationToken cancellationToken = default) =>
        Alive(() => inner.GetLinkHistoryAsync(marketoId, cancellationToken));

    public override Task<UnlinkedPerson?> FindUnlinkedAsync(long marketoId, CancellationToken cancellationToken = default) =>
        Alive(() => inner.FindUnlinkedAsync(marketoId, cancellationToken));

    public override Task<IReadOnlyList<ShadowValue>> GetShadowsAsync(IEnumerable<long> marketoIds, CancellationToken cancellationToken = default) =>
        Alive(() => inner.GetShadowsAsync(marketoIds, cancellationToken));

    public override Task<string?> GetCursorAsync(string name, CancellationToken cancellationToken = default) => Alive(() => inner.GetCursorAsync(name, cancellationToken));

    public override Task<IReadOnlyList<RejectedWrite>> GetOpenRejectedWritesAsync(IEnumerable<RecordKey> records, CancellationToken cancellationToken = default) =>
        Alive(() => inner.GetOpenRejectedWritesAsync(records, cancellationToken));

    public override Task<IReadOnlyList<Rejection>> SearchRejectionsAsync(RejectionQuery query, CancellationToken cancellationToken = default) =>
        Alive(() => inner.SearchRejectionsAsync(query, cancellationToken));

    public override Task<IReadOnlyList<CycleRecord>> GetRecentCyclesAsync(int count, CancellationToken cancellationToken = default) =>
        Alive(() => inner.GetRecentCyclesAsync(count, cancellationToken));

    public override Task<CycleRecord?> FindCycleAsync(long id, CancellationToken cancellationToken = default) => Alive(() => inner.FindCycleAsync(id, cancellationToken));

    public override Task<IReadOnlyDictionary<string, string>> GetMarkersAsync(CancellationToken cancellationToken = default) =>
        Alive(() => inner.GetMarkersAsync(cancellationToken));

    public override Task<IReadOnlyDictionary<string, DateTimeOffset>> GetMarkerTimesAsync(string prefix, CancellationToken cancellationToken = default) =>
        Alive(() => inner.GetMarkerTimesAsync(prefix, cancellationToken));

    public override Task<IReadOnlyList<ObjectLink>> GetObjectLinksAsync(EntityKind kind, IEnumerable<Guid> dynamicsIds, CancellationToken cancellationToken = default) =>
        Alive(() => inner.GetObjectLinksAsync(kind, dynamicsIds, cancellationToken));

    public override Task<int> CountObjectLinksAsync(EntityKind kind, CancellationToken cancellationToken = default) =>
        Alive(() => inner.CountObjectLinksAsync(kind, cancellationToken));

    public override ValueTask DisposeAsync() => inner.DisposeAsync();

    private T Alive<T>(Func<T> call)
    {
        ThrowIfKilled();
        return call();
    }

    private void ThrowIfKilled()
    {
        if (Killed)
        {
            throw new AgentKilledException();
        }
    }

    private sealed class KillingTransaction(KillingStateStore owner, StateTransaction inner) : StateTransaction
    {
        private bool _completesCycle;

        public override Task AddLinksAsync(IEnumerable<Link> links, CancellationToken cancellationToken = default) =>
            owner.Alive(() => inner.AddLinksAsync(links, cancellationToken));

        public override Task RelinkAsync(long marketoId, RecordKey to, CancellationToken cancellationToken = default) =>
            owner.Alive(() => inner.RelinkAsync(marketoId, to, cancellationToken));

        public override Task UnlinkAsync(long marketoId, string reason, CancellationToken cancellationToken = default) =>
            owner.Alive(() => inner.UnlinkAsync(marketoId, reason, cancellationToken));

        public override Task SetShadowsAsync(IEnumerable<ShadowValue> shadows, CancellationToken cancellationToken = default) =>
            owner.Alive(() => inner.SetShadowsAsync(shadows, cancellationToken));

        public override Task SetCursorAsync(string name, string? value, CancellationToken cancellationToken = default) =>
            owner.Alive(() => inner.SetCursorAsync(name, value, cancellationToken));

        public override Task<long> AddRejectionAsync(Rejection rejection, CancellationToken cancellationToken = default) =>
            owner.Alive(() => inner.AddRejectionAsync(rejection, cancellationToken));

        public override Task ResolveRejectionsAsync(IEnumerable<ResolvedRejection> fields, CancellationToken cancellationToken = default) =>
            owner.Alive(() => inner.ResolveRejectionsAsync(fields, cancellationToken));

        public override Task ResolveRejectionAsync(long id, CancellationToken cancellationToken = default) =>
            owner.Alive(() => inner.ResolveRejectionAsync(id, cancellationToken));

        public override Task<long> StartCycleAsync(DateTimeOffset startedOn, CancellationToken cancellationToken = default) =>
            owner.Alive(() => inner.StartCycleAsync(startedOn, cancellationToken));

        public override Task CompleteCycleAsync(CycleRecord cycle, CancellationToken cancellationToken = default)
        {
            _completesCycle |= cycle.Outcome == CycleOutcome.Completed;
            return owner.Alive(() => inner.CompleteCycleAsync(cycle, cancellationToken));
        }

        public override Task SetObjectLinksAsync(IEnumerable<ObjectLink> links, CancellationToken cancellationToken = default) =>
            owner.Alive(() => inner.SetObjectLinksAsync(links, cancellationToken));

        public override Task RemoveObjectLinksAsync(EntityKind kind, IEnumerable<Guid> dynamicsIds, CancellationToken cancellationToken = default) =>
            owner.Alive(() => inner.RemoveObjectLinksAsync(kind, dynamicsIds, cancellationToken));

        public override Task SetMarkerAsync(string name, string value, CancellationToken cancellationToken = default) =>
            owner.Alive(() => inner.SetMarkerAsync(name, value, cancellationToken));

        public override Task ClearMarkerAsync(string name, CancellationToken cancellationToken = default) =>
            owner.Alive(() => inner.ClearMarkerAsync(name, cancellationToken));

        public override Task AddHistoryAsync(IEnumerable<HistoryEvent> events, CancellationToken cancellationToken = default) =>
            owner.Alive(() => inner.AddHistoryAsync(events, cancellationToken));

        public override Task<int> PruneHistoryAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
            owner.Alive(() => inner.PruneHistoryAsync(before, cancellationToken));

        public override Task CommitAsync(CancellationToken cancellationToken = default)
        {
            if (owner.Armed && _completesCycle)
            {
                owner.Killed = true;
            }

            return owner.Alive(() => inner.CommitAsync(cancellationToken));
        }

        public override ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}

/// <summary>Thrown by <see cref="KillingStateStore"/> once the agent is "dead".</summary>
internal sealed class AgentKilledException() : Exception("The agent was killed before its cycle commit.");
