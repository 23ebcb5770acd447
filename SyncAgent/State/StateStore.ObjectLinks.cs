using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.State;

/// <content>Links of the one-way kinds (DESIGN B16), keyed by kind and Dynamics id.</content>
internal abstract partial class StateStore
{
    /// <summary>The links of <paramref name="kind"/> among <paramref name="dynamicsIds"/>.</summary>
    public abstract Task<IReadOnlyList<ObjectLink>> GetObjectLinksAsync(EntityKind kind, IEnumerable<Guid> dynamicsIds, CancellationToken cancellationToken = default);

    /// <summary>How many records of <paramref name="kind"/> are linked.</summary>
    public abstract Task<int> CountObjectLinksAsync(EntityKind kind, CancellationToken cancellationToken = default);
}

/// <content>Links of the one-way kinds.</content>
internal abstract partial class StateTransaction
{
    /// <summary>Adds or replaces the links (one per kind and Dynamics id).</summary>
    public abstract Task SetObjectLinksAsync(IEnumerable<ObjectLink> links, CancellationToken cancellationToken = default);

    /// <summary>Removes the links of <paramref name="kind"/> for <paramref name="dynamicsIds"/> (missing ones are ignored).</summary>
    public abstract Task RemoveObjectLinksAsync(EntityKind kind, IEnumerable<Guid> dynamicsIds, CancellationToken cancellationToken = default);
}
