using System.Globalization;
using System.Text.Json;

namespace CrmSync.SyncAgent.Marketo;

/// <summary>
/// Conversions between Marketo JSON values and a neutral text form. The engine owns the canonical value;
/// this only moves between the wire and text: strings as they are, numbers in their JSON text, booleans as
/// <c>true</c>/<c>false</c>, dates as ISO-8601, JSON null as null.
/// </summary>
internal static class MarketoValues
{
    private static readonly string[] ActivityDateFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm:sszzzz",
        "yyyy-MM-dd'T'HH:mm:ss'+0000'",
        "yyyy-MM-dd'T'HH:mm:ssfff",
    ];

    /// <summary>Neutral text of a raw value; null for JSON null or an absent value.</summary>
    public static string? ToText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };

    /// <summary>
    /// The JSON value to send for <paramref name="text"/> in a field of <paramref name="dataType"/> (from Describe):
    /// numbers for integer/float/currency/score/percent, booleans for boolean, strings otherwise; null clears.
    /// Text that does not parse as the declared type is sent as a string so Marketo reports it per record.
    /// </summary>
    public static JsonElement FromText(string? text, string? dataType)
    {
        if (text is null)
        {
            return Null;
        }

        switch (dataType?.ToLowerInvariant())
        {
            case "integer" or "float" or "currency" or "score" or "percent"
                when decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                return JsonSerializer.SerializeToElement(number, Wire.ValueJsonContext.Default.Decimal);
            case "boolean" when bool.TryParse(text, out var flag):
                return flag ? True : False;
            case "datetime" when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant):
                return String(FormatDateTime(instant));
            case "date" when DateOnly.TryParse(text, CultureInfo.InvariantCulture, out var day):
                return String(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            default:
                return String(text);
        }
    }

    /// <summary>A JSON string element.</summary>
    public static JsonElement String(string value) => JsonSerializer.SerializeToElement(value, Wire.ValueJsonContext.Default.String);

    /// <summary>ISO-8601 UTC without fractions (<c>2016-09-15T10:53:00Z</c>), as the paging-token page recommends.</summary>
    public static string FormatDateTime(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Parses an <c>activityDate</c>, including the documented <c>2014-09-17T22:31:49+0000</c> form.</summary>
    public static DateTimeOffset ParseActivityDate(string? text)
    {
        if (text is null)
        {
            throw new FormatException("activityDate is missing.");
        }

        if (DateTimeOffset.TryParseExact(text, ActivityDateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var exact))
        {
            return exact;
        }

        // "+hhmm" offsets without a colon: insert it and parse as ISO-8601.
        if (text.Length > 5 && (text[^5] == '+' || text[^5] == '-') && char.IsDigit(text[^1]))
        {
            var withColon = string.Concat(text.AsSpan(0, text.Length - 2), ":", text.AsSpan(text.Length - 2));
            if (DateTimeOffset.TryParse(withColon, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var fixedUp))
            {
                return fixedUp;
            }
        }

        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    private static readonly JsonElement Null = JsonDocument.Parse("null").RootElement.Clone();
    private static readonly JsonElement True = JsonDocument.Parse("true").RootElement.Clone();
    private static readonly JsonElement False = JsonDocument.Parse("false").RootElement.Clone();
}
