namespace CrmSync.SyncAgent.Engine;

/// <summary>All Marketo changes of one person in a cycle, merged by activity date (later wins).</summary>
internal sealed class PersonChanges(long leadId)
{
    /// <summary>The person.</summary>
    public long LeadId { get; } = leadId;

    /// <summary>Marketo field → latest value.</summary>
    public Dictionary<string, TimedValue> Fields { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Merges one change activity.</summary>
    public void Apply(MarketoChange change)
    {
        foreach (var (field, value) in change.Fields)
        {
            // Activities can arrive out of order across pages; an older one never overwrites a newer one.
            if (!Fields.TryGetValue(field, out var existing) || existing.ChangedOn <= change.ActivityDate)
            {
                Fields[field] = new TimedValue(value, change.ActivityDate);
            }
        }
    }
}
