using System.Globalization;

namespace CrmSync.SyncAgent.Engine;

/// <summary>
/// The type rules of DESIGN B14, pure: the engine's canonical value of a field is the Dynamics one (a choice's value, a
/// multi-select's sorted values, a number, a date); Marketo holds labels. <see cref="FromMarketo"/> reads a Marketo
/// value into that form, <see cref="ToMarketo"/> gives the value Marketo is sent, <see cref="ToDynamics"/> checks (or,
/// with <see cref="FieldMap.Truncate"/>, cuts) a value for its Dynamics column. A value that cannot be translated is a
/// <see cref="Translation.Refused"/> naming the value and what was expected.
/// </summary>
internal static class FieldTypes
{
    private const char LabelSeparator = ';';

    /// <summary>A value Marketo reported, in the engine's canonical (Dynamics) form.</summary>
    public static Translation FromMarketo(FieldMap map, FieldValue raw)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (raw.IsNull)
        {
            return Translation.Of(FieldValue.Null);
        }

        var column = map.Column;
        switch (map.Kind)
        {
            case FieldKind.OptionSet when column?.Options is { } options:
                return OptionOf(options, raw.Text!) is { } option
                    ? Translation.Of(FieldValue.FromOptionSet(option))
                    : Translation.Refused(UnknownLabel(map, options, raw.Text!));
            case FieldKind.MultiOptionSet when column?.Options is { } options:
                var values = new SortedSet<int>();
                foreach (var label in raw.Text!.Split(LabelSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (OptionOf(options, label) is not { } value)
                    {
                        return Translation.Refused(UnknownLabel(map, options, label));
                    }

                    values.Add(value);
                }

                return Translation.Of(FieldValue.FromMultiOptionSet(values));
            case FieldKind.Number or FieldKind.Money:
                if (raw.Kind != map.Kind && raw.Kind != FieldKind.Number)
                {
                    return Translation.Refused(NotA(map, raw, map.Kind == FieldKind.Money ? "an amount (a number)" : "a number"));
                }

                return column?.IsWholeNumber == true && (!raw.TryGetDecimal(out var number) || !decimal.IsInteger(number))
                    ? Translation.Refused(NotA(map, raw, "a whole number"))
                    : Translation.Of(raw);
            case FieldKind.Boolean when raw.Kind != FieldKind.Boolean:
                return Translation.Refused(NotA(map, raw, "a yes/no value (true or false)"));
            case FieldKind.Date or FieldKind.DateTime when raw.Kind is not (FieldKind.Date or FieldKind.DateTime):
                return Translation.Refused(NotA(map, raw, map.Kind == FieldKind.Date ? "a date (yyyy-MM-dd)" : "a date and time (ISO 8601)"));
            case FieldKind.Date when raw.Kind == FieldKind.DateTime:
                return Translation.Of(FieldValue.FromString(raw.Text, FieldKind.Date));
            default:
                return Translation.Of(raw);
        }
    }

    /// <summary>The value Marketo is sent for canonical <paramref name="value"/>: a choice's label, a multi-select's
    /// <c>;</c>-joined labels, a lookup's readable value; a value without a label is refused.</summary>
    public static Translation ToMarketo(FieldMap map, FieldValue value)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (value.IsNull || map.Column?.Options is not { } options || map.Kind is not (FieldKind.OptionSet or FieldKind.MultiOptionSet))
        {
            return Translation.Of(value);
        }

        var labels = new List<string>();
        foreach (var part in value.Text!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var label = int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
                ? options.FirstOrDefault(o => o.Value == number)?.Label
                : null;
            if (string.IsNullOrWhiteSpace(label))
            {
                return Translation.Refused(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Value '{part}' of {Column(map)} has no label in the configured language, so it cannot be shown in Marketo field '{map.Marketo}'; give the option a label in Dynamics."));
            }

            labels.Add(label.Trim());
        }

        return Translation.Of(FieldValue.FromString(string.Join(LabelSeparator, labels)));
    }

    /// <summary>Checks <paramref name="value"/> against its Dynamics column: too long is refused, or cut with
    /// <see cref="FieldMap.Truncate"/>.</summary>
    public static Translation ToDynamics(FieldMap map, FieldValue value)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (value.IsNull || map.Column?.MaxLength is not { } max || map.Kind is not (FieldKind.Text or FieldKind.Email)
            || value.Text!.Length <= max)
        {
            return Translation.Of(value);
        }

        return map.Truncate
            ? Translation.Of(FieldValue.FromString(value.Text[..max], map.Kind))
            : Translation.Refused(string.Create(
                CultureInfo.InvariantCulture,
                $"Value '{Shown(value.Text)}' is {value.Text.Length} characters, longer than the {max} characters {Column(map)} holds (text); shorten it in Marketo, or set Truncate: true on the field to cut it."));
    }

    private static int? OptionOf(IReadOnlyList<OptionLabel> options, string label)
    {
        var trimmed = label.Trim();
        foreach (var option in options)
        {
            if (option.Label is { } text && string.Equals(text.Trim(), trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return option.Value;
            }
        }

        return null;
    }

    private static string UnknownLabel(FieldMap map, IReadOnlyList<OptionLabel> options, string label) => string.Create(
        CultureInfo.InvariantCulture,
        $"'{Shown(label.Trim())}' is not a label of {Column(map)} (a choice); allowed labels: {string.Join(", ", options.Where(o => !string.IsNullOrWhiteSpace(o.Label)).Select(o => o.Label!.Trim()))}.");

    private static string NotA(FieldMap map, FieldValue raw, string expected) =>
        $"Value '{Shown(raw.Text!)}' is not {expected}, which {Column(map)} expects.";

    /// <summary>A value as a message shows it: long values are cut, so a rejection never carries a whole note.</summary>
    private static string Shown(string text) => text.Length <= 100 ? text : string.Concat(text.AsSpan(0, 100), "…");

    private static string Column(FieldMap map) => $"{map.Entity.ToLogicalName()}.{map.Dynamics}";
}
