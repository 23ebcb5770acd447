using CrmSync.SyncAgent.Engine;
using Npgsql;

namespace CrmSync.SyncAgent.State.Postgres;

/// <summary>How values are stored in PostgreSQL: instants as <c>timestamptz</c>, record ids as <c>uuid</c>, field values as (kind, text).</summary>
internal static class PostgresValues
{
    /// <summary>Reads a record key from (entity, record_id) columns.</summary>
    public static RecordKey ReadRecord(NpgsqlDataReader reader, int entityOrdinal, int idOrdinal) =>
        new(SyncEntityNames.Parse(reader.GetString(entityOrdinal)), reader.GetGuid(idOrdinal));

    /// <summary>Reads a field value from (kind, value) columns.</summary>
    public static FieldValue ReadValue(NpgsqlDataReader reader, int kindOrdinal, int valueOrdinal) =>
        FieldValue.FromStored((FieldKind)reader.GetInt32(kindOrdinal), reader.IsDBNull(valueOrdinal) ? null : reader.GetString(valueOrdinal));

    /// <summary>Reads a stored instant (UTC).</summary>
    public static DateTimeOffset ReadInstant(NpgsqlDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    /// <summary>Reads a nullable stored instant.</summary>
    public static DateTimeOffset? ReadNullableInstant(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ReadInstant(reader, ordinal);

    /// <summary>An instant as a <c>timestamptz</c> parameter value (Npgsql takes only UTC offsets).</summary>
    public static DateTimeOffset Instant(DateTimeOffset value) => value.ToUniversalTime();

    /// <summary>A nullable value for a parameter.</summary>
    public static object OrDbNull(object? value) => value ?? DBNull.Value;

    /// <summary>Adds a positional parameter (<c>$1</c>, <c>$2</c>, … in order).</summary>
    public static NpgsqlCommand With(this NpgsqlCommand command, object? value)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        return command;
    }

    /// <summary>Runs <paramref name="command"/> and maps every row with <paramref name="read"/>.</summary>
    public static async Task<List<T>> ReadAllAsync<T>(this NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>A LIKE pattern that finds <paramref name="text"/> literally (escape character <c>\</c>).</summary>
    public static string ContainsPattern(string text) =>
        "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
