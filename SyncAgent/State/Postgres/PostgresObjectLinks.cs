using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.State.Postgres;

/// <content>Links of the one-way kinds (table <c>object_links</c>, migration 35).</content>
internal sealed partial class PostgresStateStore
{
    /// <inheritdoc/>
    public override async Task<IReadOnlyList<ObjectLink>> GetObjectLinksAsync(EntityKind kind, IEnumerable<Guid> dynamicsIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return await QueryAsync(
            "SELECT dynamics_id, marketo_id FROM object_links WHERE kind = $1 AND dynamics_id = ANY($2)",
            [kind.Name, dynamicsIds.Distinct().ToArray()],
            r => new ObjectLink(kind, r.GetGuid(0), r.GetString(1)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async Task<int> CountObjectLinksAsync(EntityKind kind, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return (await QueryAsync("SELECT COUNT(*)::int FROM object_links WHERE kind = $1", [kind.Name], r => r.GetInt32(0), cancellationToken).ConfigureAwait(false))[0];
    }
}

/// <content>Links of the one-way kinds.</content>
internal sealed partial class PostgresStateTransaction
{
    /// <inheritdoc/>
    public override async Task SetObjectLinksAsync(IEnumerable<ObjectLink> links, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(links);
        var now = Now();
        foreach (var link in links)
        {
            await using var upsert = Command(
                "INSERT INTO object_links (kind, dynamics_id, marketo_id, linked_on) VALUES ($1, $2, $3, $4) "
                + "ON CONFLICT (kind, dynamics_id) DO UPDATE SET marketo_id = excluded.marketo_id, linked_on = excluded.linked_on")
                .With(link.Kind.Name).With(link.DynamicsId).With(link.MarketoId).With(now);
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public override async Task RemoveObjectLinksAsync(EntityKind kind, IEnumerable<Guid> dynamicsIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        await using var delete = Command("DELETE FROM object_links WHERE kind = $1 AND dynamics_id = ANY($2)")
            .With(kind.Name).With(dynamicsIds.Distinct().ToArray());
        await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
