namespace CrmSync.MarketoEmulator.Admin;

/// <summary>A snapshot of one person (lead) in the emulator.</summary>
/// <param name="Id">Marketo lead id.</param>
/// <param name="CreatedAt">Creation time.</param>
/// <param name="UpdatedAt">Last change time.</param>
/// <param name="Fields">Non-null field values by REST name (string, long, double or bool; dates as ISO text).</param>
public sealed record MarketoPerson(int Id, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyDictionary<string, object?> Fields)
{
    /// <summary>The email address, or null.</summary>
    public string? Email => this["email"] as string;

    /// <summary>A field value by REST name, or null.</summary>
    public object? this[string field] => Fields.TryGetValue(field, out var value) ? value : null;
}
