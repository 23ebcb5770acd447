using System.Globalization;

namespace CrmSync.SyncAgent.Engine;

/// <summary>
/// A field value in canonical, comparable form. <see cref="Text"/> is the invariant text to write
/// (number <c>5.5</c>, bool <c>true</c>, date <c>2024-01-31</c>, instant <c>2024-01-31T08:00:00Z</c>,
/// choice <c>3</c>, lookup <c>account:&lt;guid&gt;</c>); null and the empty string are both
/// <see cref="Null"/>. Two values are equal when their comparison keys are equal (ordinal), so a
/// Dynamics number <c>5</c> equals a Marketo string <c>"5.00"</c> for a number field, and e-mail
/// addresses compare case-insensitively.
/// </summary>
internal readonly struct FieldValue : IEquatable<FieldValue>
{
    private readonly string? key;

    private FieldValue(FieldKind kind, string? text, string? key)
    {
        Kind = kind;
        Text = text;
        this.key = key;
    }

    /// <summary>The cleared value (null or empty).</summary>
    public static FieldValue Null => default;

    /// <summary>How the value was canonicalised.</summary>
    public FieldKind Kind { get; }

    /// <summary>The canonical text to write, or null when cleared.</summary>
    public string? Text { get; }

    /// <summary>Whether the value is cleared.</summary>
    public bool IsNull => Text is null;

    /// <summary>Canonicalises a raw string (a Marketo value or a Dynamics string) for a field of <paramref name="kind"/>.
    /// Text that does not parse as the kind is kept as text, so it still compares exactly.</summary>
    public static FieldValue FromString(string? raw, FieldKind kind = FieldKind.Text)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return Null;
        }

        switch (kind)
        {
            case FieldKind.Email:
                var email = raw.Trim();
                return email.Length == 0 ? Null : new FieldValue(FieldKind.Email, email, email.ToLowerInvariant());
            case FieldKind.Number or FieldKind.Money:
                return decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                    ? FromNumber(number, kind)
                    : AsText(raw);
            case FieldKind.OptionSet:
                return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var option)
                    ? FromOptionSet(option)
                    : AsText(raw);
            case FieldKind.MultiOptionSet:
                var values = new SortedSet<int>();
                foreach (var part in raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                    {
                        return AsText(raw);
                    }

                    values.Add(value);
                }

                return FromMultiOptionSet(values);
            case FieldKind.Boolean:
                return TryParseBoolean(raw, out var flag) ? FromBoolean(flag) : AsText(raw);
            case FieldKind.Date or FieldKind.DateTime:
                return DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
                    ? FromDateTime(instant, kind)
                    : AsText(raw);
            default:
                return AsText(raw);
        }
    }

    /// <summary>A number; <paramref name="kind"/> <see cref="FieldKind.Money"/> keeps the money kind.</summary>
    public static FieldValue FromNumber(decimal value, FieldKind kind = FieldKind.Number)
    {
        if (kind == FieldKind.OptionSet && decimal.IsInteger(value) && value is >= int.MinValue and <= int.MaxValue)
        {
            return FromOptionSet((int)value);
        }

        if (kind == FieldKind.Boolean && value is 0m or 1m)
        {
            return FromBoolean(value == 1m);
        }

        // Dividing by 1.000… drops trailing zeros, so 5, 5.0 and 5.00 share one text.
        var normalized = (value / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
        return Same(kind == FieldKind.Money ? FieldKind.Money : FieldKind.Number, normalized);
    }

    /// <summary>A yes/no value.</summary>
    public static FieldValue FromBoolean(bool value) => Same(FieldKind.Boolean, value ? "true" : "false");

    /// <summary>An instant; a <see cref="FieldKind.Date"/> field keeps only the UTC date, others the UTC second.</summary>
    public static FieldValue FromDateTime(DateTimeOffset value, FieldKind kind = FieldKind.DateTime)
    {
        var utc = value.ToUniversalTime();
        return kind == FieldKind.Date
            ? Same(FieldKind.Date, utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            : Same(FieldKind.DateTime, utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }

    /// <summary>A Dynamics choice value.</summary>
    public static FieldValue FromOptionSet(int value) => Same(FieldKind.OptionSet, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>A Dynamics multi-select choice: its values sorted and comma-separated, so order never matters; none is null.</summary>
    public static FieldValue FromMultiOptionSet(IEnumerable<int> values)
    {
        var text = string.Join(',', values.Distinct().Order().Select(v => v.ToString(CultureInfo.InvariantCulture)));
        return text.Length == 0 ? Null : Same(FieldKind.MultiOptionSet, text);
    }

    /// <summary>A lookup, compared by table and id.</summary>
    public static FieldValue FromReference(string entity, Guid id) =>
        Same(FieldKind.Text, string.Concat(entity.ToLowerInvariant(), ":", id.ToString("D")));

    /// <summary>Rebuilds a value stored as (<see cref="Kind"/>, <see cref="Text"/>) without parsing it again.</summary>
    public static FieldValue FromStored(FieldKind kind, string? text) =>
        string.IsNullOrEmpty(text) ? Null
        : kind == FieldKind.Email ? new FieldValue(kind, text, text.ToLowerInvariant())
        : Same(kind, text);

    /// <summary>Reads <see cref="Text"/> as an invariant number (for number, money and choice values).</summary>
    public bool TryGetDecimal(out decimal value) =>
        decimal.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <inheritdoc/>
    public bool Equals(FieldValue other) => string.Equals(key, other.key, StringComparison.Ordinal);

    /// <summary>Whether <paramref name="other"/> is this very value (same kind, text and key), not just an equal one.</summary>
    public bool IsIdenticalTo(FieldValue other) =>
        Kind == other.Kind && string.Equals(Text, other.Text, StringComparison.Ordinal) && string.Equals(key, other.key, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is FieldValue other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => key is null ? 0 : StringComparer.Ordinal.GetHashCode(key);

    /// <inheritdoc/>
    public override string ToString() => Text ?? "(null)";

    public static bool operator ==(FieldValue left, FieldValue right) => left.Equals(right);

    public static bool operator !=(FieldValue left, FieldValue right) => !left.Equals(right);

    private static FieldValue AsText(string raw) => Same(FieldKind.Text, raw);

    private static FieldValue Same(FieldKind kind, string text) => new(kind, text, text);

    private static bool TryParseBoolean(string raw, out bool value)
    {
        var span = raw.AsSpan().Trim();
        if (span.Equals("true", StringComparison.OrdinalIgnoreCase) || span.SequenceEqual("1")
            || span.Equals("yes", StringComparison.OrdinalIgnoreCase))
        {
            value = true;
            return true;
        }

        value = false;
        return span.Equals("false", StringComparison.OrdinalIgnoreCase) || span.SequenceEqual("0")
            || span.Equals("no", StringComparison.OrdinalIgnoreCase);
    }
}
