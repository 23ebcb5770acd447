using CrmSync.DataverseEmulator.Metadata;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

namespace CrmSync.DataverseEmulator.WebApi;

/// <summary>Maps a parsed <c>$select</c> to table columns and its <c>$expand</c> to single-valued navigation properties.</summary>
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

        return columns.Count == 0 ? null : columns;
    }

    /// <summary>
    /// The single-valued navigation properties <c>$expand</c> names, each with its nested <c>$select</c>
    /// (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/join-tables). Collection-valued
    /// navigation properties are not modelled by the emulator and are refused.
    /// </summary>
    public static IReadOnlyList<Expansion> Expansions(TableDefinition table, SelectExpandClause? clause, Schema schema)
    {
        if (clause is null)
        {
            return [];
        }

        var expansions = new List<Expansion>();
        foreach (var item in clause.SelectedItems.OfType<ExpandedNavigationSelectItem>())
        {
            if (item.PathToNavigationProperty.LastSegment is not NavigationPropertySegment segment
                || segment.NavigationProperty.TargetMultiplicity() == EdmMultiplicity.Many)
            {
                throw new ODataException("Only single-valued navigation properties can be expanded in the emulator.");
            }

            var name = segment.NavigationProperty.Name;
            var target = schema.GetTable(((IEdmEntityType)segment.NavigationProperty.ToEntityType()).Name);
            var column = table.Columns.First(c => c.IsReference && c.Targets.Contains(target.LogicalName)
                && EdmModelFactory.NavigationName(table, c, target.LogicalName) == name);
            expansions.Add(new Expansion(name, column, target, Columns(target, item.SelectAndExpand)));
        }

        return expansions;
    }

    public static ColumnDefinition ByWireName(TableDefinition table, string wireName) =>
        table.Columns.FirstOrDefault(c => c.WireName == wireName)
        ?? throw new ODataException($"Could not find a property named '{wireName}' on type 'Microsoft.Dynamics.CRM.{table.LogicalName}'.");
}
