using System.Globalization;
using CrmSync.DataverseEmulator.Metadata;
using CrmSync.DataverseEmulator.Storage;

namespace CrmSync.DataverseEmulator.WebApi;

/// <summary>
/// The <c>OData.Community.Display.V1.FormattedValue</c> of a column value as a user with English (United States)
/// settings sees it: a choice's label, a multi-select's labels joined with "; ", a Yes/No label, numbers and money with
/// group separators (money with its symbol), dates as M/d/yyyy (with h:mm tt unless date-only, in UTC), and a lookup as
/// the referenced record's primary name. Text, ids and row versions have none.
/// </summary>
internal static class FormattedValues
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    public static string? Of(ColumnDefinition column, object? value, Func<StoredReference, RelatedRow?> find) => value switch
    {
        null => null,
        int option when column.IsOptionSet => Label(column, option),
        string selected when column.IsMultiSelect => string.Join("; ", MultiSelectText.Parse(selected).Select(v => Label(column, v) ?? v.ToString(CultureInfo.InvariantCulture))),
        bool flag => column.Options.Count == 2 ? Label(column, flag ? 1 : 0) : (flag ? "Yes" : "No"),
        decimal amount when column.Kind == AttributeKind.Money => amount.ToString("C2", English),
        int number => number.ToString("N0", English),
        decimal number => number.ToString("N2", English),
        double number => number.ToString("N2", English),
        DateTime time => time.ToString(column.DateOnly ? "M/d/yyyy" : "M/d/yyyy h:mm tt", English),
        StoredReference reference => PrimaryName(reference, find),
        _ => null,
    };

    private static string? Label(ColumnDefinition column, int value) =>
        column.Options.FirstOrDefault(o => o.Value == value)?.Labels.GetValueOrDefault(1033);

    private static string? PrimaryName(StoredReference reference, Func<StoredReference, RelatedRow?> find) =>
        find(reference) is { } related && related.Table.PrimaryNameAttribute is { } name && related.Table.Find(name) is { } column
            ? related.Row.Read(column) as string
            : null;
}
