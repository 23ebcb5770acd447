using System.Globalization;
using System.Text.Json;
using CrmSync.DataverseEmulator.Metadata;
using Microsoft.Xrm.Sdk;

namespace CrmSync.DataverseEmulator.Storage;

/// <summary>Converts column values between stored form, JSON (Web API) and Microsoft.Xrm.Sdk types (plug-ins).</summary>
internal static class ValueConverter
{
    /// <summary>A JSON payload value to stored form; throws <see cref="FormatException"/> on a type mismatch.</summary>
    public static object? FromJson(ColumnDefinition column, JsonElement json)
    {
        if (json.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return column.Kind switch
        {
            AttributeKind.String or AttributeKind.Memo => json.ValueKind == JsonValueKind.String ? json.GetString() : throw Mismatch(column, json, "Edm.String"),
            AttributeKind.Integer or AttributeKind.Picklist or AttributeKind.State or AttributeKind.Status =>
                json.ValueKind == JsonValueKind.Number && json.TryGetInt32(out var i) ? i : throw Mismatch(column, json, "Edm.Int32"),
            AttributeKind.BigInt => json.ValueKind == JsonValueKind.Number && json.TryGetInt64(out var l) ? l : throw Mismatch(column, json, "Edm.Int64"),
            AttributeKind.Decimal or AttributeKind.Money =>
                json.ValueKind == JsonValueKind.Number && json.TryGetDecimal(out var d) ? d : throw Mismatch(column, json, "Edm.Decimal"),
            AttributeKind.Double => json.ValueKind == JsonValueKind.Number ? json.GetDouble() : throw Mismatch(column, json, "Edm.Double"),
            AttributeKind.Boolean => json.ValueKind is JsonValueKind.True or JsonValueKind.False ? json.GetBoolean() : throw Mismatch(column, json, "Edm.Boolean"),
            AttributeKind.DateTime => json.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(json.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dt)
                ? Stored(column, dt.UtcDateTime) : throw Mismatch(column, json, "Edm.DateTimeOffset"),
            AttributeKind.Uniqueidentifier => json.ValueKind == JsonValueKind.String && Guid.TryParse(json.GetString(), out var g) ? g : throw Mismatch(column, json, "Edm.Guid"),
            AttributeKind.MultiSelectPicklist => json.ValueKind == JsonValueKind.String && MultiSelectText.TryNormalize(json.GetString()!, out var selected)
                ? selected : throw Mismatch(column, json, "Edm.String (comma-separated option values)"),
            _ => throw new FormatException($"Column '{column.LogicalName}' is set through its navigation property with @odata.bind."),
        };
    }

    /// <summary>Writes a stored value as the Web API does: dates as UTC without fractions, a date-only column's
    /// value as its date (<c>yyyy-MM-dd</c>, behavior-format-date-time-attribute).</summary>
    public static void WriteJson(Utf8JsonWriter writer, object? value, ColumnDefinition? column = null)
    {
        switch (value)
        {
            case DateTime day when column?.DateOnly == true: writer.WriteStringValue(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case decimal d: writer.WriteNumberValue(d); break;
            case double x: writer.WriteNumberValue(x); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case DateTime t: writer.WriteStringValue(t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)); break;
            case Guid g: writer.WriteStringValue(g); break;
            case StoredReference r: writer.WriteStringValue(r.Id); break;
            default: writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    /// <summary>A stored value as the SDK type a plug-in expects.</summary>
    public static object? ToSdk(ColumnDefinition column, object? value) => value switch
    {
        null => null,
        StoredReference r => new EntityReference(r.Table, r.Id),
        int i when column.IsOptionSet => new OptionSetValue(i),
        string s when column.IsMultiSelect => new OptionSetValueCollection([.. MultiSelectText.Parse(s).Select(v => new OptionSetValue(v))]),
        decimal d when column.Kind == AttributeKind.Money => new Money(d),
        _ => value,
    };

    /// <summary>
    /// A CLR or SDK value (plug-in writes, admin seeding) to stored form: OptionSetValue, Money,
    /// EntityReference, DateTimeOffset and numeric widenings are accepted.
    /// </summary>
    public static object? FromClr(ColumnDefinition column, object? value)
    {
        if (value is null)
        {
            return null;
        }

        try
        {
            return column.Kind switch
            {
                AttributeKind.String or AttributeKind.Memo => value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture),
                AttributeKind.Integer or AttributeKind.Picklist or AttributeKind.State or AttributeKind.Status =>
                    value is OptionSetValue o ? o.Value : Convert.ToInt32(value, CultureInfo.InvariantCulture),
                AttributeKind.Decimal or AttributeKind.Money => value is Money m ? m.Value : Convert.ToDecimal(value, CultureInfo.InvariantCulture),
                AttributeKind.BigInt => Convert.ToInt64(value, CultureInfo.InvariantCulture),
                AttributeKind.Double => Convert.ToDouble(value, CultureInfo.InvariantCulture),
                AttributeKind.Boolean => Convert.ToBoolean(value, CultureInfo.InvariantCulture),
                AttributeKind.DateTime => value switch
                {
                    DateTimeOffset dto => Stored(column, dto.UtcDateTime),
                    DateTime dt => Stored(column, dt.Kind == DateTimeKind.Local ? dt.ToUniversalTime() : DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
                    string s => Stored(column, DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcDateTime),
                    _ => throw new FormatException(),
                },
                AttributeKind.Uniqueidentifier => value is Guid g ? g : Guid.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!),
                AttributeKind.MultiSelectPicklist => value switch
                {
                    OptionSetValueCollection { Count: 0 } => null,
                    OptionSetValueCollection options => MultiSelectText.Format(options.Select(o => o.Value)),
                    string text when MultiSelectText.TryNormalize(text, out var selected) => selected,
                    IEnumerable<int> values => MultiSelectText.Format(values),
                    _ => throw new FormatException(),
                },
                _ => value switch
                {
                    EntityReference er => new StoredReference(er.LogicalName, er.Id),
                    StoredReference sr => sr,
                    Guid id when column.Targets.Count == 1 => new StoredReference(column.Targets[0], id),
                    _ => throw new FormatException(),
                },
            };
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException)
        {
            throw new FormatException($"Value '{value}' ({value.GetType().Name}) is not valid for column '{column.LogicalName}' ({column.Kind}).", ex);
        }
    }

    /// <summary>A stored value in plain CLR form for the admin API (references as EntityReference).</summary>
    public static object? ToPublic(object? value) => value is StoredReference r ? new EntityReference(r.Table, r.Id) : value;

    /// <summary>A date column's stored value: whole seconds, and only the date for a date-only column (DateOnly behaviour).</summary>
    private static DateTime Stored(ColumnDefinition column, DateTime utc) => column.DateOnly ? DateTime.SpecifyKind(utc.Date, DateTimeKind.Utc) : Truncate(utc);

    public static DateTime Truncate(DateTime utc) =>
        new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    private static FormatException Mismatch(ColumnDefinition column, JsonElement json, string type) =>
        new($"Cannot convert the literal '{json.GetRawText()}' to the expected type '{type}' for property '{column.LogicalName}'.");
}
