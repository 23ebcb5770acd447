using System.Text.RegularExpressions;

namespace CrmSync.DataverseEmulator.Admin;

/// <summary>
/// A configurable validation, like a business rule or a validation plug-in: when a create or update
/// writes <see cref="Column"/> of <see cref="Table"/> and <see cref="IsInvalid"/> holds for the new
/// value, the whole operation fails with 400 <c>0x80040265</c> and <see cref="Message"/>. It is checked
/// after the registered post-operation steps, so the rollback also removes what they wrote.
/// </summary>
/// <param name="Table">Table logical name.</param>
/// <param name="Column">Column logical name.</param>
/// <param name="IsInvalid">Condition on the new value (stored form: string, int, decimal, bool, DateTime, Guid, EntityReference).</param>
/// <param name="Message">The error message returned to the caller.</param>
public sealed record ValidationRule(string Table, string Column, Func<object?, bool> IsInvalid, string Message)
{
    /// <summary>Fails when the new text value matches <paramref name="pattern"/>.</summary>
    public static ValidationRule WhenMatches(string table, string column, string pattern, string message)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return new ValidationRule(table, column, v => v is string s && regex.IsMatch(s), message);
    }

    /// <summary>Fails when the new value equals <paramref name="value"/> (strings compared case-insensitively).</summary>
    public static ValidationRule WhenEquals(string table, string column, object? value, string message) =>
        new(table, column, v => v is string s && value is string t ? string.Equals(s, t, StringComparison.OrdinalIgnoreCase) : Equals(v, value), message);
}
