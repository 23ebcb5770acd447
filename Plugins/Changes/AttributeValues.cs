using System;
using System.Collections.Generic;
using Microsoft.Xrm.Sdk;

namespace CrmSync.Plugins.Changes;

/// <summary>What the plug-in knows about Dataverse attribute values: which it stages and when two are equal.</summary>
internal static class AttributeValues
{
    /// <summary>
    /// Whether the staging JSON can carry the value: null, string, int, long, decimal, double, bool,
    /// DateTime, Guid, <see cref="OptionSetValue"/>, <see cref="OptionSetValueCollection"/>, <see cref="Money"/> or
    /// <see cref="EntityReference"/>.
    /// </summary>
    public static bool IsSupported(object? value) =>
        value is null or string or int or long or decimal or double or bool or DateTime or Guid
            or OptionSetValue or OptionSetValueCollection or Money or EntityReference;

    /// <summary>Dataverse stores an empty string and an empty multi-select choice as null, so both are treated as null.</summary>
    public static object? Normalize(object? value) => value is string { Length: 0 } or OptionSetValueCollection { Count: 0 } ? null : value;

    /// <summary>The selected values of a multi-select choice as the Web API writes them: comma-separated, in the
    /// order given (e.g. <c>1,3</c>).</summary>
    public static string ToWebApiText(OptionSetValueCollection values)
    {
        var parts = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            parts[i] = values[i].Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return string.Join(",", parts);
    }

    /// <summary>Whether two attribute values are the same value (not the same instance).</summary>
    public static bool AreEqual(object? left, object? right)
    {
        left = Normalize(left);
        right = Normalize(right);
        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        switch (left)
        {
            case string text:
                return right is string other && string.Equals(text, other, StringComparison.Ordinal);
            case bool flag:
                return right is bool otherFlag && flag == otherFlag;
            case DateTime time:
                return right is DateTime otherTime && ToUtc(time) == ToUtc(otherTime);
            case Guid id:
                return right is Guid otherId && id == otherId;
            case OptionSetValue option:
                return right is OptionSetValue otherOption && option.Value == otherOption.Value;
            case OptionSetValueCollection options:
                return right is OptionSetValueCollection otherOptions && SameSelection(options, otherOptions);
            case Money money:
                return right is Money otherMoney && money.Value == otherMoney.Value;
            case EntityReference reference:
                return right is EntityReference otherReference &&
                    reference.Id == otherReference.Id &&
                    string.Equals(reference.LogicalName, otherReference.LogicalName, StringComparison.OrdinalIgnoreCase);
            default:
                return AreEqualNumbers(left, right) ?? left.Equals(right);
        }
    }

    /// <summary>The instant in UTC: Dataverse hands plug-ins UTC values; an unspecified kind is taken as UTC.</summary>
    public static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => value.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        _ => value,
    };

    /// <summary>Whether two multi-select values select the same options, in any order.</summary>
    private static bool SameSelection(OptionSetValueCollection left, OptionSetValueCollection right)
    {
        var values = new HashSet<int>();
        foreach (var option in left)
        {
            values.Add(option.Value);
        }

        var others = new HashSet<int>();
        foreach (var option in right)
        {
            others.Add(option.Value);
        }

        return values.SetEquals(others);
    }

    private static bool? AreEqualNumbers(object left, object right)
    {
        if (!IsNumber(left) || !IsNumber(right))
        {
            return null;
        }

        if (left is double || right is double)
        {
            return Convert.ToDouble(left, System.Globalization.CultureInfo.InvariantCulture) ==
                Convert.ToDouble(right, System.Globalization.CultureInfo.InvariantCulture);
        }

        return Convert.ToDecimal(left, System.Globalization.CultureInfo.InvariantCulture) ==
            Convert.ToDecimal(right, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool IsNumber(object value) => value is int or long or decimal or double;
}
