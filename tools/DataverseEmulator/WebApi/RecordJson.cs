using System.Text.Json;
using CrmSync.DataverseEmulator.Metadata;
using CrmSync.DataverseEmulator.Security;
using CrmSync.DataverseEmulator.Storage;

namespace CrmSync.DataverseEmulator.WebApi;

/// <summary>
/// Writes records as the Web API does: <c>@odata.etag</c>, columns by wire name (<c>_x_value</c> for lookups), the
/// annotations <c>Prefer: odata.include-annotations</c> asks for (lookuplogicalname and associatednavigationproperty on
/// lookups, <see cref="Preferences.FormattedValue"/> on choices, Yes/No, numbers, money, dates and lookups), single-valued
/// navigation properties named in <c>$expand</c>, and secured columns the caller can't read as null.
/// </summary>
internal sealed class RecordJson
{
    private readonly TableDefinition _table;
    private readonly IReadOnlyList<ColumnDefinition> _columns;
    private readonly bool[] _readable;
    private readonly RecordJsonOptions _options;
    private readonly List<(Expansion Expansion, RecordJson Json)> _expansions = [];

    public RecordJson(TableDefinition table, IReadOnlyList<ColumnDefinition>? selected, Guid userId, UserDirectory users, RecordJsonOptions? options = null)
    {
        _table = table;
        var columns = (selected ?? table.Columns.Where(c => c.IsValidForRead)).ToList();
        if (!columns.Contains(table.PrimaryId))
        {
            columns.Add(table.PrimaryId);
        }

        _columns = columns;
        _readable = columns.Select(c => !c.IsSecured || users.GrantFor(userId, table.LogicalName, c.LogicalName).CanRead).ToArray();
        _options = options ?? RecordJsonOptions.None;
        foreach (var expansion in _options.Expansions)
        {
            _expansions.Add((expansion, new RecordJson(expansion.Target, expansion.Selected, userId, users, _options with { Expansions = [] })));
        }
    }

    public void Write(Utf8JsonWriter writer, Row row)
    {
        writer.WriteStartObject();
        WriteProperties(writer, row);
        writer.WriteEndObject();
    }

    public void WriteProperties(Utf8JsonWriter writer, Row row)
    {
        writer.WriteString("@odata.etag", row.ETag);
        for (var i = 0; i < _columns.Count; i++)
        {
            var column = _columns[i];
            var value = _readable[i] ? row.Read(column) : null;
            if (_options.LookupAnnotations && value is StoredReference reference)
            {
                writer.WriteString(column.WireName + "@Microsoft.Dynamics.CRM.associatednavigationproperty",
                    EdmModelFactory.NavigationName(_table, column, reference.Table));
                writer.WriteString(column.WireName + "@Microsoft.Dynamics.CRM.lookuplogicalname", reference.Table);
            }

            if (_options.FormattedValues && FormattedValues.Of(column, value, _options.Find) is { } formatted)
            {
                writer.WriteString(column.WireName + "@" + Preferences.FormattedValue, formatted);
            }

            writer.WritePropertyName(column.WireName);
            ValueConverter.WriteJson(writer, value, column);
        }

        foreach (var (expansion, json) in _expansions)
        {
            writer.WritePropertyName(expansion.NavigationName);
            if (row.Read(expansion.Column) is StoredReference target && target.Table == expansion.Target.LogicalName
                && _options.Find(target) is { } related)
            {
                json.Write(writer, related.Row);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }

    /// <summary>The <c>@odata.context</c> fragment: <c>set</c> or <c>set(col,…)</c>.</summary>
    public static string ContextFragment(TableDefinition table, IReadOnlyList<ColumnDefinition>? selected) =>
        selected is null ? table.EntitySetName : $"{table.EntitySetName}({string.Join(',', selected.Select(c => c.WireName))})";
}

/// <summary>What a <see cref="RecordJson"/> adds to the columns: annotations, expansions, and how it finds related rows.</summary>
/// <param name="LookupAnnotations">Write lookuplogicalname/associatednavigationproperty.</param>
/// <param name="FormattedValues">Write FormattedValue annotations.</param>
/// <param name="Expansions">Single-valued navigation properties to expand.</param>
/// <param name="Find">Finds the row a lookup points at (null when it is gone).</param>
internal sealed record RecordJsonOptions(bool LookupAnnotations, bool FormattedValues, IReadOnlyList<Expansion> Expansions, Func<StoredReference, RelatedRow?> Find)
{
    public static RecordJsonOptions None { get; } = new(false, false, [], _ => null);
}

/// <summary>A row a lookup points at, with its table.</summary>
internal sealed record RelatedRow(TableDefinition Table, Row Row);
