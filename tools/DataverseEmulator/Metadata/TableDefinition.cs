namespace CrmSync.DataverseEmulator.Metadata;

/// <summary>A table: names, key, primary name and columns (ordinals never change once assigned).</summary>
internal sealed class TableDefinition
{
    private readonly Dictionary<string, ColumnDefinition> _byName = new(StringComparer.Ordinal);
    private readonly List<ColumnDefinition> _columns = [];

    public TableDefinition(string logicalName, string entitySetName, string primaryIdAttribute, string? primaryNameAttribute)
    {
        LogicalName = logicalName;
        EntitySetName = entitySetName;
        PrimaryIdAttribute = primaryIdAttribute;
        PrimaryNameAttribute = primaryNameAttribute;
        MetadataId = StableId.For("entity", logicalName);
    }

    public string LogicalName { get; }

    public string EntitySetName { get; }

    public string PrimaryIdAttribute { get; }

    public string? PrimaryNameAttribute { get; set; }

    public Guid MetadataId { get; }

    public bool IsActivity { get; init; }

    public bool IsCustom { get; set; }

    public IReadOnlyList<ColumnDefinition> Columns => _columns;

    public ColumnDefinition PrimaryId => _byName[PrimaryIdAttribute];

    public ColumnDefinition? Find(string logicalName) => _byName.GetValueOrDefault(logicalName);

    /// <summary>Adds a column, or replaces the definition of an existing one while keeping its ordinal.</summary>
    public ColumnDefinition AddOrReplace(ColumnDefinition column)
    {
        if (_byName.TryGetValue(column.LogicalName, out var existing))
        {
            column.Ordinal = existing.Ordinal;
            _columns[existing.Ordinal] = column;
        }
        else
        {
            column.Ordinal = _columns.Count;
            _columns.Add(column);
        }

        _byName[column.LogicalName] = column;
        return column;
    }
}
