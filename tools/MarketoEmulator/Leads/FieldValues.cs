using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CrmSync.MarketoEmulator.Rest;

namespace CrmSync.MarketoEmulator.Leads;

/// <summary>Converts JSON input to stored lead values by data type, and stored values back to text.</summary>
internal static partial class FieldValues
{
    /// <summary>Converts and validates one input value; null clears the field.</summary>
    public static MarketoReason? TryConvert(MarketoFieldDefinition field, JsonElement input, out object? value)
    {
        value = null;
        if (input.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var raw = input.ValueKind == JsonValueKind.String ? input.GetString()! : input.GetRawText();
        switch (field.DataType)
        {
            case "integer":
                if (input.ValueKind is JsonValueKind.Number or JsonValueKind.String
                    && long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
                {
                    value = l;
                    return null;
                }

                return MarketoErrors.InvalidValue(raw, field.DataType);
            case "float" or "currency":
                if (input.ValueKind is JsonValueKind.Number or JsonValueKind.String
                    && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                {
                    value = d;
                    return null;
                }

                return MarketoErrors.InvalidValue(raw, field.DataType);
            case "boolean":
                if (input.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    value = input.GetBoolean();
                    return null;
                }

                if (bool.TryParse(raw, out var b))
                {
                    value = b;
                    return null;
                }

                return MarketoErrors.InvalidValue(raw, field.DataType);
            case "date":
                if (DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    value = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    return null;
                }

                return MarketoErrors.InvalidValue(raw, field.DataType);
            case "datetime":
                if (DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dt))
                {
                    value = FormatDate(dt);
                    return null;
                }

                return MarketoErrors.InvalidValue(raw, field.DataType);
            default:
                if (input.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                {
                    return MarketoErrors.InvalidValue(raw, field.DataType);
                }

                if (field.Length is { } max && raw.Length > max)
                {
                    return MarketoErrors.InvalidData($"value of field '{field.Name}' exceeds the maximum length of {max}");
                }

                if (field.DataType == "email" && raw.Length > 0 && !EmailPattern().IsMatch(raw))
                {
                    return MarketoErrors.InvalidData($"'{raw}' is not a valid email address for field '{field.Name}'");
                }

                value = raw;
                return null;
        }
    }

    /// <summary>Converts a CLR value (admin API) by going through JSON, so both paths validate alike.</summary>
    public static MarketoReason? TryConvert(MarketoFieldDefinition field, object? input, out object? value) =>
        TryConvert(field, JsonSerializer.SerializeToElement(input), out value);

    /// <summary>Marketo's datetime format: ISO-8601 UTC with a Z.</summary>
    public static string FormatDate(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The text form Change Data Value activities carry (<c>newValue</c>/<c>oldValue</c>).</summary>
    public static string? ToText(object? value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    // ASCII only, one @, a dot in the domain: Marketo accepts only ASCII email addresses.
    [GeneratedRegex(@"^[\x21-\x3F\x41-\x7E]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")]
    private static partial Regex EmailPattern();
}
