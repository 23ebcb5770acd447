using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.State.Sqlite;

/// <summary>The rejection writes of <see cref="SqliteStateTransaction"/>.</summary>
internal sealed partial class SqliteStateTransaction
{
    /// <inheritdoc/>
    public override Task<long> AddRejectionAsync(Rejection rejection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        using var insert = Command(
            """
            INSERT INTO rejections (direction, operation, entity, record_id, marketo_id, error_code, message, occurred_on, resolved, cycle_id)
            VALUES ($d, $o, $e, $r, $m, $c, $msg, $at, $res, $cycle) RETURNING id
            """,
            "$d", "$o", "$e", "$r", "$m", "$c", "$msg", "$at", "$res", "$cycle");
        Bind(insert, (int)rejection.Direction, rejection.Operation, SqliteValues.OrDbNull(rejection.Record?.Entity.ToLogicalName()),
            SqliteValues.OrDbNull(rejection.Record is { } r ? SqliteValues.Id(r.Id) : null), SqliteValues.OrDbNull(rejection.MarketoId),
            SqliteValues.OrDbNull(rejection.ErrorCode), rejection.Message, SqliteValues.Instant(rejection.OccurredOn),
            rejection.Resolved ? 1 : 0, SqliteValues.OrDbNull(rejection.CycleId));
        var id = (long)insert.ExecuteScalar()!;
        using var field = Command(
            "INSERT INTO rejection_fields (rejection_id, position, field, kind, value, resolved) VALUES ($id, $p, $f, $k, $v, $res)",
            "$id", "$p", "$f", "$k", "$v", "$res");
        for (var i = 0; i < rejection.Fields.Count; i++)
        {
            var value = rejection.Fields[i].Value;
            Bind(field, id, i, rejection.Fields[i].Field, (int)value.Kind, SqliteValues.OrDbNull(value.Text), rejection.Resolved ? 1 : 0);
            field.ExecuteNonQuery();
        }

        return Task.FromResult(id);
    }

    /// <inheritdoc/>
    public override Task ResolveRejectionsAsync(IEnumerable<ResolvedRejection> fields, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        using var resolveField = Command(
            """
            UPDATE rejection_fields SET resolved = 1
            WHERE resolved = 0 AND field = $f
              AND rejection_id IN (SELECT id FROM rejections WHERE resolved = 0 AND record_id = $r AND entity = $e)
            """,
            "$f", "$r", "$e");
        using var resolveRow = Command(
            """
            UPDATE rejections SET resolved = 1, resolved_on = $now
            WHERE resolved = 0 AND record_id = $r AND entity = $e
              AND NOT EXISTS (SELECT 1 FROM rejection_fields f WHERE f.rejection_id = rejections.id AND f.resolved = 0)
            """,
            "$now", "$r", "$e");
        resolveRow.Parameters["$now"].Value = Now();
        foreach (var (record, field) in fields)
        {
            Bind(resolveField, field, SqliteValues.Id(record.Id), record.Entity.ToLogicalName());
            resolveField.ExecuteNonQuery();
            resolveRow.Parameters["$r"].Value = SqliteValues.Id(record.Id);
            resolveRow.Parameters["$e"].Value = record.Entity.ToLogicalName();
            resolveRow.ExecuteNonQuery();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task ResolveRejectionAsync(long id, CancellationToken cancellationToken = default)
    {
        using var fields = Command("UPDATE rejection_fields SET resolved = 1 WHERE rejection_id = $id", "$id");
        Bind(fields, id);
        fields.ExecuteNonQuery();
        using var row = Command("UPDATE rejections SET resolved = 1, resolved_on = $now WHERE id = $id AND resolved = 0", "$now", "$id");
        Bind(row, Now(), id);
        row.ExecuteNonQuery();
        return Task.CompletedTask;
    }
}
