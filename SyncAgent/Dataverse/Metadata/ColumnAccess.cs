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

    /// <summary>Whether the sync user may do what a field needs: read the column when its values flow to Marketo
    /// (<paramref name="read"/>), update it when Marketo's values flow to it (<paramref name="update"/>).</summary>
    public bool Allows(bool read, bool update) => (!read || CanRead) && (!update || CanUpdate);

    /// <summary>The options of a choice column (Picklist, MultiSelectPicklist, Status, State), from its
    /// <c>OptionSet</c> or <c>GlobalOptionSet</c>; null for other columns.</summary>
    public IReadOnlyList<ChoiceOption>? Options { get; init; }

    /// <summary>Whether a date-time column's behaviour is <c>DateOnly</c>.</summary>
    public bool DateOnly { get; init; }
}
