namespace CrmSync.SyncAgent.Dataverse.Staging;

/// <summary>
/// One <c>crmsync_syncevent</c> row. A row that could not be read (bad JSON, unknown message, missing id) is
/// returned with <see cref="PoisonReason"/> set and whatever could be read; the caller records and deletes it.
/// </summary>
internal sealed record StagingRow
{
    /// <summary>The staging row's own id (<c>crmsync_synceventid</c>), used to delete it.</summary>
    public required Guid StagingId { get; init; }

    /// <summary><c>lead</c> or <c>contact</c>.</summary>
    public string? Entity { get; init; }

    public Guid RecordId { get; init; }

    /// <summary><c>Create</c>, <c>Update</c> or <c>Delete</c>.</summary>
    public string? Message { get; init; }

    /// <summary>Attribute logical name → new value; empty for a delete.</summary>
    public IReadOnlyDictionary<string, ChangeValue> Changes { get; init; } = new Dictionary<string, ChangeValue>();

    public DateTimeOffset ChangedOn { get; init; }

    /// <summary>For a contact created from a lead: the lead's id.</summary>
    public Guid? OriginatingLeadId { get; init; }

    /// <summary>For a Merge: the record merged into <see cref="RecordId"/>.</summary>
    public Guid? SubordinateId { get; init; }

    public Guid? CorrelationId { get; init; }

    /// <summary>The row version (<c>versionnumber</c>): the order Dynamics wrote the row in; the rows are read by it.</summary>
    public long? VersionNumber { get; init; }

    /// <summary>Why the row could not be read; null for a good row.</summary>
    public string? PoisonReason { get; init; }

    public bool IsPoison => PoisonReason is not null;
}
