using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.State.Postgres;

/// <summary>The rejection writes of <see cref="PostgresStateTransaction"/>.</summary>
internal sealed partial class PostgresStateTransaction
{
    /// <inheritdoc/>
    public override async Task<long> AddRejectionAsync(Rejection rejection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        await using var insert = Command(
            """
            WITH r AS (
                INSERT INTO rejections (direction, operation, entity, record_id, marketo_id, error_code, message, occurred_on, resolved, cycle_id)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id),
            f AS (
                INSERT INTO rejection_fields (rejection_id, position, field, kind, value, resolved)
                SELECT r.id, t.n - 1, t.f, t.k, t.v, $9 FROM r, unnest($11::text[], $12::integer[], $13::text[]) WITH ORDINALITY AS t(f, k, v, n))
            SELECT id FROM r
            """)
            .With((int)rejection.Direction).With(rejection.Operation).With(rejection.Record?.Entity.ToLogicalName())
            .With(rejection.Record?.Id).With(rejection.MarketoId).With(rejection.ErrorCode).With(rejection.Message)
            .With(PostgresValues.Instant(rejection.OccurredOn)).With(rejection.Resolved).With(rejection.CycleId)
            .With(rejection.Fields.Select(f => f.Field).ToArray())
            .With(rejection.Fields.Select(f => (int)f.Value.Kind).ToArray())
            .With(rejection.Fields.Select(f => f.Value.Text).ToArray());
        insert.Parameters[2].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text;
        insert.Parameters[3].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid;
        insert.Parameters[4].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint;
        insert.Parameters[5].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text;
        insert.Parameters[9].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint;
        return (long)(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc/>
    public override async Task ResolveRejectionsAsync(IEnumerable<ResolvedRejection> fields, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var list = fields.ToList();
        if (list.Count == 0)
        {
            return;
        }

        await using var resolve = Command(
            """
            WITH input AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(r, e, f)),
            resolved_fields AS (
                UPDATE rejection_fields rf SET resolved = true
                FROM rejections r, input i
                WHERE rf.rejection_id = r.id AND NOT rf.resolved AND NOT r.resolved
                  AND r.record_id = i.r AND r.entity = i.e AND rf.field = i.f
                RETURNING rf.rejection_id, rf.field)
            UPDATE rejections r SET resolved = true, resolved_on = $4
            WHERE NOT r.resolved AND (r.record_id, r.entity) IN (SELECT DISTINCT i.r, i.e FROM input i)
              AND NOT EXISTS (SELECT 1 FROM rejection_fields rf WHERE rf.rejection_id = r.id AND NOT rf.resolved
                              AND NOT EXISTS (SELECT 1 FROM resolved_fields x WHERE x.rejection_id = rf.rejection_id AND x.field = rf.field))
            """)
            .With(list.Select(x => x.Record.Id).ToArray())
            .With(list.Select(x => x.Record.Entity.ToLogicalName()).ToArray())
            .With(list.Select(x => x.Field).ToArray())
            .With(Now());
        await resolve.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async Task ResolveRejectionAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var resolve = Command(
            """
            WITH f AS (UPDATE rejection_fields SET resolved = true WHERE rejection_id = $1)
            UPDATE rejections SET resolved = true, resolved_on = $2 WHERE id = $1 AND NOT resolved
            """)
            .With(id).With(Now());
        await resolve.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
