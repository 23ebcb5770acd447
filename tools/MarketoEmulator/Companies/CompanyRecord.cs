namespace CrmSync.MarketoEmulator.Companies;

/// <summary>One stored company (a copy when handed out).</summary>
internal sealed class CompanyRecord(int id, string? externalCompanyId, DateTimeOffset createdAt)
{
    public int Id { get; } = id;

    public string? ExternalCompanyId { get; } = externalCompanyId;

    public Dictionary<string, object?> Values { get; } = new(StringComparer.Ordinal);

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public DateTimeOffset UpdatedAt { get; set; } = createdAt;

    public CompanyRecord Copy()
    {
        var copy = new CompanyRecord(Id, ExternalCompanyId, CreatedAt) { UpdatedAt = UpdatedAt };
        foreach (var (name, value) in Values)
        {
            copy.Values[name] = value;
        }

        return copy;
    }
}
