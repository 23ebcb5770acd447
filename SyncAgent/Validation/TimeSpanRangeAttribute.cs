using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CrmSync.SyncAgent.Validation;

namespace CrmSync.SyncAgent.Validation;

/// <summary>
/// A <see cref="TimeSpan"/> option between two bounds, with <see cref="RangeAttribute"/>'s message. Used instead of
/// <c>[TimeSpanRange("…", "…")]</c>, whose first validation converts its string bounds in place and is not
/// thread-safe: two threads validating at once can throw <see cref="InvalidCastException"/> ("Unable to cast object of
/// type 'System.TimeSpan' to type 'System.String'", https://github.com/dotnet/runtime/issues/1143). Several pairs'
/// options, or two tests in one process, are validated concurrently. These bounds are parsed once, in the constructor.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class TimeSpanRangeAttribute : ValidationAttribute
{
    public TimeSpanRangeAttribute(string minimum, string maximum)
        : base("The field {0} must be between {1} and {2}.")
    {
        Minimum = TimeSpan.Parse(minimum, CultureInfo.InvariantCulture);
        Maximum = TimeSpan.Parse(maximum, CultureInfo.InvariantCulture);
    }

    public TimeSpan Minimum { get; }

    public TimeSpan Maximum { get; }

    /// <inheritdoc/>
    public override bool IsValid(object? value) => value is not TimeSpan span || (span >= Minimum && span <= Maximum);

    /// <inheritdoc/>
    public override string FormatErrorMessage(string name) =>
        string.Format(CultureInfo.CurrentCulture, ErrorMessageString, name, Minimum, Maximum);
}
