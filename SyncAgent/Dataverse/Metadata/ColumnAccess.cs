namespace CrmSync.SyncAgent.Dataverse.Metadata;

/// <summary>
/// What the sync user may do with one column: the attribute's validity flags, combined for a secured column
/// (<c>IsSecured</c>) with the user's field security privileges.
/// </summary>
internal sealed record ColumnAccess(
    string LogicalName,
    string? AttributeType,
    bool IsSecured,
    bool IsValidForCreate,
    bool IsValidForUpdate,
    bool IsValidForRead,
    int? MaxLength,
    bool CanRead,
    bool CanUpdate,
    bool CanCreate)
{
    /// <summary>True when the column can be synced both ways: read and updated by the sync user.</summary>
    public bool CanSync => CanRead && CanUpdate;
}
