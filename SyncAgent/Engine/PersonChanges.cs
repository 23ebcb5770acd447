namespace CrmSync.SyncAgent.Engine;

/// <summary>All Marketo changes of one person in a cycle, merged by activity date (later wins).</summary>
internal sealed class PersonChanges(long leadId)
{
    // A person reports a handful of mapped fields per cycle: a short list searched in place is cheaper to build and
    // read than a dictionary per person (tools/BENCHMARKS.md, engine planning).
    private readonly List<KeyValuePair<string, TimedValue>> fields = [];

    /// <summary>The person.</summary>
    public long LeadId { get; } = leadId;

    /// <summary>Marketo field (case-insensitive, each once) → latest value.</summary>
    public IReadOnlyList<KeyValuePair<string, TimedValue>> Fields => fields;

    /// <summary>Merges one change activity.</summary>
    public void Apply(MarketoChange change)
    {
        // A Dictionary's own enumerator is a struct; through the interface it is one allocation per change.
        if (change.Fields is Dictionary<string, FieldValue> reported)
        {
            foreach (var (field, value) in reported)
            {
                Apply(field, new TimedValue(value, change.ActivityDate));
            }
        }
        else
        {
            foreach (var (field, value) in change.Fields)
            {
                Apply(field, new TimedValue(value, change.ActivityDate));
            }
        }
    }

    private void Apply(string field, TimedValue value)
    {
        var index = IndexOf(field);
        if (index < 0)
        {
            fields.Add(KeyValuePair.Create(field, value));
        }
        else if (fields[index].Value.ChangedOn <= value.ChangedOn)
        {
            // Activities can arrive out of order across pages; an older one never overwrites a newer one.
            fields[index] = KeyValuePair.Create(fields[index].Key, value);
        }
    }

    private int IndexOf(string field)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (string.Equals(fields[i].Key, field, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
