using CrmSync.SyncAgent.Engine;
using Npgsql;

namespace CrmSync.SyncAgent.State.Postgres;

/// <summary>The rejection and cycle queries of <see cref="PostgresStateStore"/>.</summary>
internal static class PostgresReports
{
    private const string CycleColumns =
        "id, started_on, ended_on, outcome, crm_read, marketo_read, crm_written, marketo_written, collisions, rejections, errors, message, dataverse_calls, marketo_calls, throttled";

    /// <summary>Open rejected field values of <paramref name="records"/>.</summary>
    public static async Task<IReadOnlyList<RejectedWrite>> OpenRejectedWritesAsync(
        NpgsqlDataSource dataSource, IEnumerable<RecordKey> records, CancellationToken cancellationToken)
    {
        var wanted = records.ToHashSet();
        await using var command = dataSource.CreateCommand(
            """
            SELECT r.direction, r.entity, r.record_id, f.field, f.kind, f.value
            FROM rejections r JOIN rejection_fields f ON f.rejection_id = r.id
            WHERE NOT r.resolved AND NOT f.resolved AND r.record_id = ANY($1)
            """);
        command.With(wanted.Select(r => r.Id).Distinct().ToArray());
        var writes = await command.ReadAllAsync(
            reader => new RejectedWrite((SyncDirection)reader.GetInt32(0), PostgresValues.ReadRecord(reader, 1, 2), reader.GetString(3), PostgresValues.ReadValue(reader, 4, 5)),
            cancellationToken).ConfigureAwait(false);
        return [.. writes.Where(w => wanted.Contains(w.Record))];
    }

    /// <summary>Rejections matching <paramref name="query"/>, newest first, with their fields. Text matches case-insensitively, as SQLite's LIKE does.</summary>
    public static async Task<IReadOnlyList<Rejection>> SearchRejectionsAsync(NpgsqlDataSource dataSource, RejectionQuery query, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT r.id, r.direction, r.operation, r.entity, r.record_id, r.marketo_id, r.error_code, r.message,
                   r.occurred_on, r.resolved, r.cycle_id
            FROM rejections r
            WHERE ($1 OR NOT r.resolved)
              AND ($2::timestamptz IS NULL OR r.occurred_on >= $2)
              AND ($3::text IS NULL
                   OR r.message ILIKE $3 OR r.error_code ILIKE $3 OR r.operation ILIKE $3
                   OR r.record_id::text ILIKE $3 OR r.marketo_id::text ILIKE $3
                   OR EXISTS (SELECT 1 FROM rejection_fields f WHERE f.rejection_id = r.id
                              AND (f.field ILIKE $3 OR f.value ILIKE $3)))
            ORDER BY r.occurred_on DESC, r.id DESC
            LIMIT $4
            """);
        command.With(query.IncludeResolved)
            .With(query.Since is { } since ? PostgresValues.Instant(since) : null)
            .With(string.IsNullOrEmpty(query.Text) ? null : PostgresValues.ContainsPattern(query.Text))
            .With(query.Limit);
        command.Parameters[1].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz;
        command.Parameters[2].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text;
        var rejections = await command.ReadAllAsync(
            reader => new Rejection
            {
                Id = reader.GetInt64(0),
                Direction = (SyncDirection)reader.GetInt32(1),
                Operation = reader.GetString(2),
                Record = reader.IsDBNull(3) ? null : PostgresValues.ReadRecord(reader, 3, 4),
                MarketoId = reader.IsDBNull(5) ? null : reader.GetInt64(5),
                ErrorCode = reader.IsDBNull(6) ? null : reader.GetString(6),
                Message = reader.GetString(7),
                OccurredOn = PostgresValues.ReadInstant(reader, 8),
                Resolved = reader.GetBoolean(9),
                CycleId = reader.IsDBNull(10) ? null : reader.GetInt64(10),
            },
            cancellationToken).ConfigureAwait(false);
        return await WithFieldsAsync(dataSource, rejections, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cycles selected by <paramref name="clause"/> with its one parameter <c>$1</c>.</summary>
    public static async Task<IReadOnlyList<CycleRecord>> CyclesAsync(NpgsqlDataSource dataSource, string clause, object parameter, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {CycleColumns} FROM cycles {clause}");
        command.With(parameter);
        return await command.ReadAllAsync(
            reader => new CycleRecord
            {
                Id = reader.GetInt64(0),
                StartedOn = PostgresValues.ReadInstant(reader, 1),
                EndedOn = PostgresValues.ReadNullableInstant(reader, 2),
                Outcome = (CycleOutcome)reader.GetInt32(3),
                CrmRead = reader.GetInt32(4),
                MarketoRead = reader.GetInt32(5),
                CrmWritten = reader.GetInt32(6),
                MarketoWritten = reader.GetInt32(7),
                Collisions = reader.GetInt32(8),
                Rejections = reader.GetInt32(9),
                Errors = reader.GetInt32(10),
                Message = reader.IsDBNull(11) ? null : reader.GetString(11),
                DataverseCalls = reader.GetInt32(12),
                MarketoCalls = reader.GetInt32(13),
                Throttled = reader.GetInt32(14),
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<Rejection>> WithFieldsAsync(NpgsqlDataSource dataSource, List<Rejection> rejections, CancellationToken cancellationToken)
    {
        if (rejections.Count == 0)
        {
            return rejections;
        }

        await using var command = dataSource.CreateCommand(
            "SELECT rejection_id, field, kind, value FROM rejection_fields WHERE rejection_id = ANY($1) ORDER BY rejection_id, position");
        command.With(rejections.Select(r => r.Id).ToArray());
        var rows = await command.ReadAllAsync(reader => (Id: reader.GetInt64(0), Field: new RejectedField(reader.GetString(1), PostgresValues.ReadValue(reader, 2, 3))), cancellationToken)
            .ConfigureAwait(false);
        var fields = rows.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.Select(r => r.Field).ToList());
        return [.. rejections.Select(r => fields.TryGetValue(r.Id, out var list) ? r with { Fields = list } : r)];
    }
}
