using CrmSync.DataverseEmulator.Metadata;
using Microsoft.OData;
using Microsoft.OData.UriParser;

namespace CrmSync.DataverseEmulator.WebApi;

/// <summary>Maps a parsed <c>$select</c> to table columns.</summary>
internal static class Selection
{
    /// <summary>The selected columns, or null when everything is selected.</summary>
    public static IReadOnlyList<ColumnDefinition>? Columns(TableDefinition table, SelectExpandClause? clause)
    {
        if (clause is null || clause.AllSelected)
        {
            return null;
        }

        var columns = new List<ColumnDefinition>();
        foreach (var item in clause.SelectedItems.OfType<PathSelectItem>())
        {
            if (item.SelectedPath.FirstSegment is PropertySegment segment)
            {
                columns.Add(ByWireName(table, segment.Property.Name));
            }
        }

        if (clause.SelectedItems.OfType<ExpandedNavigationSelectItem>().Any())
        {
            throw new ODataException("$expand is not supported by the emulator for records.");
        }

        return columns.Count == 0 ? null : columns;
    }

    public static ColumnDefinition ByWireName(TableDefinition table, string wireName) =>
        table.Columns.FirstOrDefault(c => c.WireName == wireName)
        ?? throw new ODataException($"Could not find a property named '{wireName}' on type 'Microsoft.Dynamics.CRM.{table.LogicalName}'.");
}
