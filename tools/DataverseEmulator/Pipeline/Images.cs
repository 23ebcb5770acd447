using CrmSync.DataverseEmulator.Metadata;
using CrmSync.DataverseEmulator.Storage;
using Microsoft.Xrm.Sdk;

namespace CrmSync.DataverseEmulator.Pipeline;

/// <summary>Builds SDK entities (Target, pre/post images) from stored values.</summary>
internal static class Images
{
    public static Entity ToEntity(TableDefinition table, Guid id, IEnumerable<KeyValuePair<ColumnDefinition, object?>> values)
    {
        var entity = new Entity(table.LogicalName, id);
        foreach (var (column, value) in values)
        {
            entity[column.LogicalName] = ValueConverter.ToSdk(column, value)!;
        }

        return entity;
    }

    /// <summary>An image of a stored row, limited to <paramref name="attributes"/> when any are given.</summary>
    public static Entity FromRow(TableDefinition table, Row row, IReadOnlyList<string> attributes)
    {
        var entity = new Entity(table.LogicalName, row.Id);
        foreach (var (ordinal, value) in row.Values())
        {
            var column = table.Columns[ordinal];
            if (attributes.Count == 0 || attributes.Contains(column.LogicalName) || column.IsPrimaryId)
            {
                entity[column.LogicalName] = ValueConverter.ToSdk(column, value)!;
            }
        }

        return entity;
    }

    /// <summary>Pre-operation plug-ins may change the Target; their changes become part of the write.</summary>
    public static void MergeBack(TableDefinition table, Entity target, Dictionary<ColumnDefinition, object?> values)
    {
        foreach (var (name, value) in target.Attributes)
        {
            if (table.Find(name) is { } column)
            {
                values[column] = ValueConverter.FromClr(column, value);
            }
        }
    }
}
