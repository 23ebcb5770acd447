using System.Globalization;
using System.Text;
using CrmSync.SyncAgent.Engine;
using Microsoft.Data.Sqlite;

namespace CrmSync.SyncAgent.State.Sqlite;

/// <summary>How values are stored: instants as fixed-width UTC ISO-8601 text (sorts as time), ids as lower-case GUID text.</summary>
internal static class SqliteValues
{
    private const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>An instant as stored.</summary>
    public static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture);

    /// <summary>Reads a stored instant.</summary>
    public static DateTimeOffset ReadInstant(SqliteDataReader reader, int ordinal) =>
        DateTimeOffset.ParseExact(reader.GetString(ordinal), InstantFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>Reads a nullable stored instant.</summary>
    public static DateTimeOffset? ReadNullableInstant(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ReadInstant(reader, ordinal);

    /// <summary>A record id as stored.</summary>
    public static string Id(Guid id) => id.ToString("D");

    /// <summary>Reads a record key from (entity, record_id) columns.</summary>
    public static RecordKey ReadRecord(SqliteDataReader reader, int entityOrdinal, int idOrdinal) =>
        new(SyncEntityNames.Parse(reader.GetString(entityOrdinal)), Guid.Parse(reader.GetString(idOrdinal)));

    /// <summary>Reads a field value from (kind, value) columns.</summary>
    public static FieldValue ReadValue(SqliteDataReader reader, int kindOrdinal, int valueOrdinal) =>
        FieldValue.FromStored((FieldKind)reader.GetInt32(kindOrdinal), reader.IsDBNull(valueOrdinal) ? null : reader.GetString(valueOrdinal));

    /// <summary>A nullable value for a parameter.</summary>
    public static object OrDbNull(object? value) => value ?? DBNull.Value;

    /// <summary>A JSON array of ids for <c>json_each</c>, so any number of ids travels in one parameter.</summary>
    public static string JsonArray(IEnumerable<long> ids)
    {
        var json = new StringBuilder("[");
        foreach (var id in ids)
        {
            json.Append(json.Length == 1 ? string.Empty : ",").Append(id.ToString(CultureInfo.InvariantCulture));
        }

        return json.Append(']').ToString();
    }

    /// <summary>A JSON array of strings for <c>json_each</c>.</summary>
    public static string JsonArray(IEnumerable<string> values)
    {
        var json = new StringBuilder("[");
        foreach (var value in values)
        {
            json.Append(json.Length == 1 ? "\"" : ",\"").Append(System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping.Encode(value)).Append('"');
        }

        return json.Append(']').ToString();
    }

    /// <summary>A JSON array of GUID strings for <c>json_each</c>.</summary>
    public static string JsonArray(IEnumerable<Guid> ids) => JsonArray(ids.Select(Id));

    /// <summary>A LIKE pattern that finds <paramref name="text"/> literally (escape character <c>\</c>).</summary>
    public static string ContainsPattern(string text) =>
        "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
