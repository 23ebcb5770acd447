using CrmSync.SyncAgent.Engine;
using Microsoft.Data.Sqlite;

namespace CrmSync.SyncAgent.State.Sqlite;

/// <content>Links of the one-way kinds (table <c>object_links</c>, migration 35).</content>
internal sealed partial class SqliteStateStore
{
    /// <inheritdoc/>
    public override Task<IReadOnlyList<ObjectLink>> GetObjectLinksAsync(EntityKind kind, IEnumerable<Guid> dynamicsIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return Task.FromResult<IReadOnlyList<ObjectLink>>(Query(
            "SELECT dynamics_id, marketo_id FROM object_links WHERE kind = $kind AND dynamics_id IN (SELECT value FROM json_each($ids))",
            c =>
            {
                c.Parameters.AddWithValue("$kind", kind.Name);
                c.Parameters.AddWithValue("$ids", SqliteValues.JsonArray(dynamicsIds.Select(SqliteValues.Id)));
            },
            r => new ObjectLink(kind, Guid.Parse(r.GetString(0)), r.GetString(1))));
    }

    /// <inheritdoc/>
    public override Task<int> CountObjectLinksAsync(EntityKind kind, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return Task.FromResult(Query("SELECT COUNT(*) FROM object_links WHERE kind = $kind", c => c.Parameters.AddWithValue("$kind", kind.Name), r => r.GetInt32(0))[0]);
    }
}

/// <content>Links of the one-way kinds.</content>
internal sealed partial class SqliteStateTransaction
{
    /// <inheritdoc/>
    public override Task SetObjectLinksAsync(IEnumerable<ObjectLink> links, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(links);
        using var upsert = Command(
            "INSERT INTO object_links (kind, dynamics_id, marketo_id, linked_on) VALUES ($k, $d, $m, $now) "
            + "ON CONFLICT (kind, dynamics_id) DO UPDATE SET marketo_id = excluded.marketo_id, linked_on = excluded.linked_on",
            "$k", "$d", "$m", "$now");
        upsert.Parameters["$now"].Value = Now();
        foreach (var link in links)
        {
            cancellationToken.ThrowIfCancellationRequested();
            upsert.Parameters["$k"].Value = link.Kind.Name;
            upsert.Parameters["$d"].Value = SqliteValues.Id(link.DynamicsId);
            upsert.Parameters["$m"].Value = link.MarketoId;
            upsert.ExecuteNonQuery();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task RemoveObjectLinksAsync(EntityKind kind, IEnumerable<Guid> dynamicsIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        using var delete = Command("DELETE FROM object_links WHERE kind = $k AND dynamics_id IN (SELECT value FROM json_each($ids))", "$k", "$ids");
        Bind(delete, kind.Name, SqliteValues.JsonArray(dynamicsIds.Select(SqliteValues.Id)));
        delete.ExecuteNonQuery();
        return Task.CompletedTask;
    }
}
