namespace CrmSync.MarketoEmulator.Leads;

/// <summary>One stored person. Values are indexed by schema slot to keep a million records small.</summary>
internal sealed class LeadRecord(int id, object?[] values, DateTimeOffset createdAt)
{
    public int Id { get; } = id;

    public object?[] Values { get; } = values;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public DateTimeOffset UpdatedAt { get; set; } = createdAt;
}
