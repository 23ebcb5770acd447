namespace CrmSync.MarketoEmulator.Opportunities;

/// <summary>One stored opportunity or opportunity role (a copy when handed out); its dedupe fields are in <see cref="Values"/>.</summary>
internal sealed class ObjectRecord(Guid marketoGuid, DateTimeOffset createdAt)
{
    public Guid MarketoGuid { get; } = marketoGuid;

    public Dictionary<string, object?> Values { get; } = new(StringComparer.Ordinal);

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public DateTimeOffset UpdatedAt { get; set; } = createdAt;

    public ObjectRecord Copy()
    {
        var copy = new ObjectRecord(MarketoGuid, CreatedAt) { UpdatedAt = UpdatedAt };
        foreach (var (name, value) in Values)
        {
            copy.Values[name] = value;
        }

        return copy;
    }
}
