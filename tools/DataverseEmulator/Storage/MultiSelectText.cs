using System.Globalization;

namespace CrmSync.DataverseEmulator.Storage;

/// <summary>
/// A multi-select choice value in the Web API's form: the selected option values as one comma-separated string
/// (<c>"1,3"</c>; https://learn.microsoft.com/power-apps/developer/data-platform/multi-select-picklist). Stored as
/// written, in the order given, without spaces; an empty selection is null.
/// </summary>
internal static class MultiSelectText
{
    /// <summary>The stored form of <paramref name="text"/>, or false when a part is not a whole number.</summary>
    public static bool TryNormalize(string text, out string? normalized)
    {
        normalized = null;
        var values = new List<int>();
        foreach (var part in text.Split(','))
        {
            if (!int.TryParse(part.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                return text.Trim().Length == 0;
            }

            values.Add(value);
        }

        normalized = Format(values);
        return true;
    }

    /// <summary>The values of a stored value.</summary>
    public static int[] Parse(string stored) =>
        [.. stored.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture))];

    /// <summary>The stored form of <paramref name="values"/>; null when none is selected.</summary>
    public static string? Format(IEnumerable<int> values)
    {
        var text = string.Join(',', values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
        return text.Length == 0 ? null : text;
    }
}
