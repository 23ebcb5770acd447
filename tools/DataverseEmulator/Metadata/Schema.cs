using Microsoft.OData.Edm;

namespace CrmSync.DataverseEmulator.Metadata;

/// <summary>
/// The organization's tables and the EDM model built from them. Changes (solution import, column
/// security) happen under the store's lock; the model is rebuilt lazily after a change.
/// </summary>
internal sealed class Schema
{
    private readonly Dictionary<string, TableDefinition> _byLogicalName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TableDefinition> _bySetName = new(StringComparer.Ordinal);
    private volatile IEdmModel? _model;

    public Schema()
    {
        foreach (var table in StandardTables.Create())
        {
            Add(table);
        }
    }

    public IEnumerable<TableDefinition> Tables => _byLogicalName.Values;

    public IEdmModel Model => _model ??= EdmModelFactory.Build(this);

    public TableDefinition? FindTable(string logicalName) => _byLogicalName.GetValueOrDefault(logicalName);

    public TableDefinition? FindBySet(string entitySetName) => _bySetName.GetValueOrDefault(entitySetName);

    public TableDefinition GetTable(string logicalName) =>
        FindTable(logicalName) ?? throw new ArgumentException($"Unknown table '{logicalName}'.", nameof(logicalName));

    /// <summary>
    /// Adds a table, or merges its columns into the existing table of that name. Every table gets the platform's
    /// row version column <c>versionnumber</c>, as Dataverse creates it on every table (a solution need not list it).
    /// </summary>
    public TableDefinition Add(TableDefinition table)
    {
        if (_byLogicalName.TryGetValue(table.LogicalName, out var existing))
        {
            foreach (var column in table.Columns)
            {
                existing.AddOrReplace(column);
            }

            existing.PrimaryNameAttribute ??= table.PrimaryNameAttribute;
            RowVersion.EnsureOn(existing);
            Invalidate();
            return existing;
        }

        RowVersion.EnsureOn(table);
        _byLogicalName[table.LogicalName] = table;
        _bySetName[table.EntitySetName] = table;
        Invalidate();
        return table;
    }

    public void Invalidate() => _model = null;

    /// <summary>Adds a custom choice column to an existing table.</summary>
    public void AddChoiceColumn(ChoiceColumn column)
    {
        GetTable(column.Table).AddOrReplace(new ColumnDefinition(column.Table, column.LogicalName, column.MultiSelect ? AttributeKind.MultiSelectPicklist : AttributeKind.Picklist)
        {
            Options = [.. column.Options.Select(o => OptionDefinition.English(o.Key, o.Value))],
        });
        Invalidate();
    }
}
