namespace CrmSync.MarketoEmulator.Leads;

/// <summary>The describe schema of one emulator instance: standard fields plus configured custom fields.</summary>
internal sealed class LeadSchema
{
    private readonly Dictionary<string, int> _slots = new(StringComparer.OrdinalIgnoreCase);

    public LeadSchema(IEnumerable<MarketoFieldDefinition> customFields)
    {
        var fields = new List<MarketoFieldDefinition>(StandardLeadFields.All);
        var nextId = 10_001;
        foreach (var custom in customFields)
        {
            if (fields.Exists(f => string.Equals(f.Name, custom.Name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ArgumentException($"Custom field '{custom.Name}' collides with an existing field.", nameof(customFields));
            }

            fields.Add(custom.Id == 0 ? custom with { Id = nextId++ } : custom);
        }

        Fields = fields;
        for (var i = 0; i < fields.Count; i++)
        {
            _slots[fields[i].Name] = i;
        }

        EmailSlot = _slots["email"];
        FirstNameSlot = _slots["firstName"];
        LastNameSlot = _slots["lastName"];
    }

    /// <summary>All fields; a field's index is its value slot in <see cref="LeadRecord.Values"/>.</summary>
    public IReadOnlyList<MarketoFieldDefinition> Fields { get; }

    public int EmailSlot { get; }

    public int FirstNameSlot { get; }

    public int LastNameSlot { get; }

    public bool TryGetSlot(string name, out int slot) => _slots.TryGetValue(name, out slot);

    /// <summary>Fields usable as filterType / lookupField (Describe2 "searchable"): id, email and custom string/email/integer fields.</summary>
    public bool IsSearchable(MarketoFieldDefinition field) =>
        field.Name is "id" or "email"
        || (field.Id > 10_000 && field.DataType is "string" or "email" or "integer");
}
