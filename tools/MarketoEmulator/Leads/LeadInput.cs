namespace CrmSync.MarketoEmulator.Leads;

/// <summary>A validated write: the optional lead id and the converted values by schema slot.</summary>
internal sealed class LeadInput
{
    public int? Id { get; set; }

    public List<KeyValuePair<int, object?>> Values { get; } = [];

    public object? ValueOf(int slot)
    {
        foreach (var pair in Values)
        {
            if (pair.Key == slot)
            {
                return pair.Value;
            }
        }

        return null;
    }
}
