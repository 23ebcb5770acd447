using CrmSync.SyncAgent.Engine;
using Microsoft.Data.Sqlite;

namespace CrmSync.SyncAgent.State.Sqlite;

/// <summary>The rejection and cycle queries of <see cref="SqliteStateStore"/>.</summary>
internal static class SqliteReports
{
    private const string CycleColumns =
        "id, started_on, ended_on, outcome, crm_read, marketo_read, crm_written, marketo_written, collisions, rejections, errors, message, dataverse_calls, marketo_calls, throttled";

    /// <summary>Open rejected field values of <paramref name="records"/>.</summary>
    public static IReadOnlyList<RejectedWrite> OpenRejectedWrites(SqliteConnection connection, IEnumerable<RecordKey> records)
    {
        var wanted = records.ToHashSet();
        var writes = connection.Query(
            """
            SELECT r.direction, r.entity, r.record_id, f.field, f.kind, f.value
            FROM rejections r JOIN rejection_fields f ON f.rejection_id = r.id
            WHERE r.resolved = 0 AND f.resolved = 0 AND r.record_id IN (SELECT value FROM json_each($ids))
            """,
            c => c.Parameters.AddWithValue("$ids", SqliteValues.JsonArray(wanted.Select(r => r.Id).Distinct())),
            reader => new RejectedWrite((SyncDirection)reader.GetInt32(0), SqliteValues.ReadRecord(reader, 1, 2), reader.GetString(3), SqliteValues.ReadValue(reader, 4, 5)));
        return [.. writes.Where(w => wanted.Contains(w.Record))];
    }

    /// <summary>Rejections matching <paramref name="query"/>, newest first, with their fields.</summary>
    public static IReadOnlyList<Rejection> SearchRejections(SqliteConnection connection, RejectionQuery query)
    {
        var rejections = connection.Query(
            """
            SELECT r.id, r.direction, r.operation, r.entity, r.record_id, r.marketo_id, r.error_code, r.message,
                   r.occurred_on, r.resolved, r.cycle_id
            FROM rejections r
            WHERE ($all = 1 OR r.resolved = 0)
              AND ($since IS NULL OR r.occurred_on >= $since)
              AND ($like IS NULL
                   OR r.message LIKE $like ESCAPE '\' OR r.error_code LIKE $like ESCAPE '\'
                   OR r.operation LIKE $like ESCAPE '\' OR r.record_id LIKE $like ESCAPE '\'
                   OR CAST(r.marketo_id AS TEXT) LIKE $like ESCAPE '\'
                   OR EXISTS (SELECT 1 FROM rejection_fields f WHERE f.rejection_id = r.id
                              AND (f.field LIKE $like ESCAPE '\' OR f.value LIKE $like ESCAPE '\')))
            ORDER BY r.occurred_on DESC, r.id DESC
            LIMIT $limit
            """,
            c =>
            {
                c.Parameters.AddWithValue("$all", query.IncludeResolved ? 1 : 0);
                c.Parameters.AddWithValue("$since", SqliteValues.OrDbNull(query.Since is { } since ? SqliteValues.Instant(since) : null));
                c.Parameters.AddWithValue("$like", SqliteValues.OrDbNull(
                    string.IsNullOrEmpty(query.Text) ? null : SqliteValues.ContainsPattern(query.Text)));
                c.Parameters.AddWithValue("$limit", query.Limit);
            },
            reader => new Rejection
            {
                Id = reader.GetInt64(0),
                Direction = (SyncDirection)reader.GetInt32(1),
                Operation = reader.GetString(2),
                Record = reader.IsDBNull(3) ? null : SqliteValues.ReadRecord(reader, 3, 4),
                MarketoId = reader.IsDBNull(5) ? null : reader.GetInt64(5),
                ErrorCode = reader.IsDBNull(6) ? null : reader.GetString(6),
                Message = reader.GetString(7),
                OccurredOn = SqliteValues.ReadInstant(reader, 8),
                Resolved = reader.GetInt32(9) != 0,
                CycleId = reader.IsDBNull(10) ? null : reader.GetInt64(10),
            });

        return WithFields(connection, rejections);
    }

    /// <summary>Cycles selected by <paramref name="clause"/>.</summary>
    public static IReadOnlyList<CycleRecord> Cycles(SqliteConnection connection, string clause, Action<SqliteCommand> bind) =>
        connection.Query(
            $"SELECT {CycleColumns} FROM cycles {clause}",
            bind,
            reader => new CycleRecord
            {
                Id = reader.GetInt64(0),
                StartedOn = SqliteValues.ReadInstant(reader, 1),
                EndedOn = SqliteValues.ReadNullableInstant(reader, 2),
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
            });

    private static List<Rejection> WithFields(SqliteConnection connection, List<Rejection> rejections)
    {
        if (rejections.Count == 0)
        {
            return rejections;
        }

        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT rejection_id, field, kind, value FROM rejection_fields
            WHERE rejection_id IN (SELECT value FROM json_each($ids)) ORDER BY rejection_id, position
            """;
        command.Parameters.AddWithValue("$ids", SqliteValues.JsonArray(rejections.Select(r => r.Id)));
        var fields = new Dictionary<long, List<RejectedField>>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var id = reader.GetInt64(0);
                if (!fields.TryGetValue(id, out var list))
                {
                    fields[id] = list = [];
                }

                list.Add(new RejectedField(reader.GetString(1), SqliteValues.ReadValue(reader, 2, 3)));
            }
        }

        return [.. rejections.Select(r => fields.TryGetValue(r.Id, out var list) ? r with { Fields = list } : r)];
    }
}
