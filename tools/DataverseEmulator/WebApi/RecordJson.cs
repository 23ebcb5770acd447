using System.Text.Json;
using CrmSync.DataverseEmulator.Metadata;
using CrmSync.DataverseEmulator.Security;
using CrmSync.DataverseEmulator.Storage;

namespace CrmSync.DataverseEmulator.WebApi;

/// <summary>
/// Writes records as the Web API does: <c>@odata.etag</c>, columns by wire name (<c>_x_value</c> for
/// lookups, with optional lookuplogicalname/associatednavigationproperty annotations), and secured
/// columns the caller can't read as null.
/// </summary>
internal sealed class RecordJson
{
    private readonly TableDefinition _table;
    private readonly IReadOnlyList<ColumnDefinition> _columns;
    private readonly bool[] _readable;
    private readonly bool _annotations;

    public RecordJson(TableDefinition table, IReadOnlyList<ColumnDefinition>? selected, Guid userId, UserDirectory users, bool annotations)
    {
        _table = table;
        var columns = (selected ?? table.Columns.Where(c => c.IsValidForRead)).ToList();
        if (!columns.Contains(table.PrimaryId))
        {
            columns.Add(table.PrimaryId);
        }

        _columns = columns;
        _readable = columns.Select(c => !c.IsSecured || users.GrantFor(userId, table.LogicalName, c.LogicalName).CanRead).ToArray();
        _annotations = annotations;
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
            if (_annotations && value is StoredReference reference)
            {
                writer.WriteString(column.WireName + "@Microsoft.Dynamics.CRM.associatednavigationproperty",
                    EdmModelFactory.NavigationName(_table, column, reference.Table));
                writer.WriteString(column.WireName + "@Microsoft.Dynamics.CRM.lookuplogicalname", reference.Table);
            }

            writer.WritePropertyName(column.WireName);
            ValueConverter.WriteJson(writer, value, column);
        }
    }

    /// <summary>The <c>@odata.context</c> fragment: <c>set</c> or <c>set(col,…)</c>.</summary>
    public static string ContextFragment(TableDefinition table, IReadOnlyList<ColumnDefinition>? selected) =>
        selected is null ? table.EntitySetName : $"{table.EntitySetName}({string.Join(',', selected.Select(c => c.WireName))})";
}
