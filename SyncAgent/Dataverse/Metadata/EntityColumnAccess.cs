namespace CrmSync.SyncAgent.Dataverse.Metadata;

/// <summary>The column-access model of one table for one user (from attribute metadata and field security).</summary>
internal sealed class EntityColumnAccess(string entity, IReadOnlyDictionary<string, ColumnAccess> columns)
{
    public string Entity { get; } = entity;

    /// <summary>Attribute logical name → access.</summary>
    public IReadOnlyDictionary<string, ColumnAccess> Columns { get; } = columns;

    /// <summary>Access to one column; null when the table has no such attribute.</summary>
    public ColumnAccess? Find(string logicalName) => Columns.GetValueOrDefault(logicalName);

    /// <summary>True when the column exists and the user can read and update it.</summary>
    public bool CanSync(string logicalName) => Find(logicalName)?.CanSync == true;
}
