using System;
using Microsoft.Xrm.Sdk;

namespace CrmSync.Plugins.Changes;

/// <summary>What the plug-in knows about Dataverse attribute values: which it stages and when two are equal.</summary>
internal static class AttributeValues
{
    /// <summary>
    /// Whether the staging JSON can carry the value: null, string, int, long, decimal, double, bool,
    /// DateTime, Guid, <see cref="OptionSetValue"/>, <see cref="Money"/> or <see cref="EntityReference"/>.
    /// </summary>
    public static bool IsSupported(object? value) =>
        value is null or string or int or long or decimal or double or bool or DateTime or Guid
            or OptionSetValue or Money or EntityReference;

    /// <summary>Dataverse stores an empty string as null, so an empty string is treated as null.</summary>
    public static object? Normalize(object? value) => value is string { Length: 0 } ? null : value;

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
