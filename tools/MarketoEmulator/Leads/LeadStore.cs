using CrmSync.MarketoEmulator.Activities;
using CrmSync.MarketoEmulator.Rest;

namespace CrmSync.MarketoEmulator.Leads;

/// <summary>
/// In-memory person database: ids are dense (id → list slot), email is indexed case-insensitively,
/// and every write appends its New Lead / Change Data Value activities to the log.
/// </summary>
internal sealed class LeadStore(LeadSchema schema, ActivityLog log, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly List<LeadRecord?> _byId = [];
    private readonly Dictionary<string, List<int>> _byEmail = new(StringComparer.OrdinalIgnoreCase);
    private int _count;

    public LeadSchema Schema => schema;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>Applies one Sync Leads record with the documented action semantics.</summary>
    public LeadWriteOutcome Write(string action, MarketoFieldDefinition lookup, LeadInput input, ChangeSource source)
    {
        lock (_lock)
        {
            if (action == "createDuplicate")
            {
                return new(Create(input, source, recordActivity: true), "created", null);
            }

            object? key = lookup.Name == "id" ? input.Id : input.ValueOf(IndexOf(lookup));
            if (key is null)
            {
                return action == "updateOnly"
                    ? LeadWriteOutcome.Skipped(MarketoErrors.MissingValue(lookup.Name))
                    : new(Create(input, source, recordActivity: true), "created", null);
            }

            var matches = FindLocked(lookup, [key], 2);
            switch (action)
            {
                case "createOnly":
                    return matches.Count > 0
                        ? LeadWriteOutcome.Skipped(MarketoErrors.LeadAlreadyExists)
                        : new(Create(input, source, recordActivity: true), "created", null);
                case "updateOnly" or "createOrUpdate" when matches.Count > 1:
                    return LeadWriteOutcome.Skipped(MarketoErrors.MultipleLeadsMatch);
                case "updateOnly" when matches.Count == 0:
                    return LeadWriteOutcome.Skipped(MarketoErrors.LeadNotFound);
                case "createOrUpdate" when matches.Count == 0:
                    return new(Create(input, source, recordActivity: true), "created", null);
                default:
                    Update(matches[0], input, source);
                    return new(matches[0].Id, "updated", null);
            }
        }
    }

    /// <summary>Creates a person directly (seeding), optionally recording New Lead.</summary>
    public int Insert(LeadInput input, ChangeSource source, bool recordActivity)
    {
        lock (_lock)
        {
            return Create(input, source, recordActivity);
        }
    }

    /// <summary>Updates a person as a marketer would; false when the id is unknown.</summary>
    public bool Edit(int id, LeadInput input, ChangeSource source)
    {
        lock (_lock)
        {
            if (GetLocked(id) is not { } record)
            {
                return false;
            }

            Update(record, input, source);
            return true;
        }
    }

    /// <summary>Deletes a person and records Delete Lead; false when the id is unknown.</summary>
    public bool Delete(int id)
    {
        lock (_lock)
        {
            if (GetLocked(id) is not { } record)
            {
                return false;
            }

            _byId[id - 1] = null;
            _count--;
            Unindex(record);
            var now = time.GetUtcNow();
            log.Append(aid => new MarketoActivity
            {
                Id = aid, LeadId = id, ActivityDate = now, RecordedAt = now, ActivityTypeId = MarketoActivity.DeleteLead,
                PrimaryAttributeValueId = id, PrimaryAttributeValue = DisplayName(record),
            });
            return true;
        }
    }

    /// <summary>
    /// Merge Leads: every field the winner leaves blank takes the first non-blank value of the losers, in the order given
    /// (Adobe KB ka-28666); the losers are removed and one Merge Leads activity (32) is recorded on the winner. Null on
    /// success, 1004 when any id is unknown.
    /// </summary>
    public MarketoReason? Merge(int winnerId, IReadOnlyList<int> loserIds, ChangeSource source)
    {
        lock (_lock)
        {
            if (GetLocked(winnerId) is not { } winner || loserIds.Any(id => GetLocked(id) is null))
            {
                return MarketoErrors.LeadNotFound;
            }

            var losers = loserIds.Select(id => GetLocked(id)!).ToList();
            var fill = new LeadInput();
            for (var slot = 0; slot < winner.Values.Length; slot++)
            {
                if (winner.Values[slot] is null && losers.Select(l => l.Values[slot]).FirstOrDefault(v => v is not null) is { } value)
                {
                    fill.Values.Add(KeyValuePair.Create<int, object?>(slot, value));
                }
            }

            foreach (var loser in losers)
            {
                // The loser's e-mail leaves the index first, so the winner may take it over.
                _byId[loser.Id - 1] = null;
                _count--;
                Unindex(loser);
            }

            Update(winner, fill, source);
            var now = time.GetUtcNow();
            log.Append(aid => new MarketoActivity
            {
                Id = aid, LeadId = winnerId, ActivityDate = now, RecordedAt = now, ActivityTypeId = MarketoActivity.MergeLeads,
                PrimaryAttributeValueId = winnerId, PrimaryAttributeValue = DisplayName(winner),
                Attributes =
                [
                    new("Merge ids", new System.Text.Json.Nodes.JsonArray([.. loserIds.Select(id => (System.Text.Json.Nodes.JsonNode?)id)])),
                    new("Merged in Sales", false),
                    new("Merge Source", source.Source),
                    new("Master Updated", fill.Values.Count > 0),
                ],
            });
            return null;
        }
    }

    /// <summary>A copy of the person, or null.</summary>
    public LeadRecord? Get(int id)
    {
        lock (_lock)
        {
            return GetLocked(id) is { } r ? Copy(r) : null;
        }
    }

    /// <summary>Copies of the persons whose field equals one of the values, ordered by id, at most <paramref name="limit"/>.</summary>
    public List<LeadRecord> Find(MarketoFieldDefinition field, IReadOnlyCollection<object> values, int limit)
    {
        lock (_lock)
        {
            return FindLocked(field, values, limit).ConvertAll(Copy);
        }
    }

    /// <summary>Copies of all persons, ordered by id.</summary>
    public List<LeadRecord> All()
    {
        lock (_lock)
        {
            var all = new List<LeadRecord>(_count);
            foreach (var r in _byId)
            {
                if (r is not null)
                {
                    all.Add(Copy(r));
                }
            }

            return all;
        }
    }

    /// <summary>The instance's companies: a person whose <c>externalCompanyId</c> names one shows its fields.</summary>
    public CrmSync.MarketoEmulator.Companies.CompanyStore? Companies { get; set; }

    /// <summary>
    /// A field's value, including the system fields kept outside the slots. A person linked to a company (its
    /// <c>externalCompanyId</c>) inherits the company's fields "as though the values existed on the lead's own record"
    /// (companies page), so those are read from the company.
    /// </summary>
    public object? ValueOf(LeadRecord record, MarketoFieldDefinition field) => field.Name switch
    {
        "id" => (long)record.Id,
        "createdAt" => FieldValues.FormatDate(record.CreatedAt),
        "updatedAt" => FieldValues.FormatDate(record.UpdatedAt),
        _ when Company(record) is { } company && CrmSync.MarketoEmulator.Companies.CompanyFields.Inherited.Any(f => f.Name == field.Name) =>
            CrmSync.MarketoEmulator.Companies.CompanyStore.ValueOf(company, field.Name),
        _ => record.Values[IndexOf(field)],
    };

    private CrmSync.MarketoEmulator.Companies.CompanyRecord? Company(LeadRecord record) =>
        Companies is { } companies && schema.TryGetSlot(CrmSync.MarketoEmulator.Companies.CompanyFields.ExternalCompanyId, out var slot)
            && record.Values[slot] is string externalId ? companies.FindByExternalId(externalId) : null;

    public string DisplayName(LeadRecord record)
    {
        var name = $"{record.Values[schema.FirstNameSlot]} {record.Values[schema.LastNameSlot]}".Trim();
        return name.Length > 0 ? name : record.Values[schema.EmailSlot] as string ?? string.Empty;
    }

    private int IndexOf(MarketoFieldDefinition field) => schema.TryGetSlot(field.Name, out var slot) ? slot : -1;

    private LeadRecord? GetLocked(int id) => id >= 1 && id <= _byId.Count ? _byId[id - 1] : null;

    private int Create(LeadInput input, ChangeSource source, bool recordActivity)
    {
        var values = new object?[schema.Fields.Count];
        foreach (var (slot, value) in input.Values)
        {
            values[slot] = value;
        }

        var now = time.GetUtcNow();
        var record = new LeadRecord(_byId.Count + 1, values, now);
        _byId.Add(record);
        _count++;
        Index(record);
        if (recordActivity)
        {
            log.Append(aid => new MarketoActivity
            {
                Id = aid, LeadId = record.Id, ActivityDate = now, RecordedAt = now, ActivityTypeId = MarketoActivity.NewLead,
                PrimaryAttributeValueId = record.Id, PrimaryAttributeValue = DisplayName(record),
                Attributes = [new("Source Type", source.Source)],
            });
        }

        return record.Id;
    }

    private void Update(LeadRecord record, LeadInput input, ChangeSource source)
    {
        var now = time.GetUtcNow();
        var changed = false;
        foreach (var (slot, value) in input.Values)
        {
            var old = record.Values[slot];
            if (Equals(old, value))
            {
                continue;
            }

            if (slot == schema.EmailSlot)
            {
                Unindex(record);
            }

            record.Values[slot] = value;
            if (slot == schema.EmailSlot)
            {
                Index(record);
            }

            changed = true;
            var field = schema.Fields[slot];
            log.Append(aid => new MarketoActivity
            {
                Id = aid, LeadId = record.Id, ActivityDate = now, RecordedAt = now, ActivityTypeId = MarketoActivity.ChangeDataValue,
                PrimaryAttributeValueId = field.Id, PrimaryAttributeValue = field.DisplayName,
                Change = new MarketoFieldChange(field.Id, field.Name, FieldValues.ToText(value), FieldValues.ToText(old)),
                Attributes = [new("Reason", source.Reason), new("Source", source.Source)],
            });
        }

        if (changed)
        {
            record.UpdatedAt = now;
        }
    }

    private List<LeadRecord> FindLocked(MarketoFieldDefinition field, IReadOnlyCollection<object> values, int limit)
    {
        var found = new SortedDictionary<int, LeadRecord>();
        if (field.Name == "id")
        {
            foreach (var v in values)
            {
                if (v is IConvertible c && GetLocked((int)Math.Clamp(c.ToInt64(null), 0, int.MaxValue)) is { } r)
                {
                    found[r.Id] = r;
                }
            }
        }
        else if (field.Name == "email")
        {
            foreach (var v in values)
            {
                if (v is string email && _byEmail.TryGetValue(email, out var ids))
                {
                    ids.ForEach(id => found[id] = _byId[id - 1]!);
                }
            }
        }
        else
        {
            var slot = IndexOf(field);
            var wanted = values.Select(v => FieldValues.ToText(v)).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var r in _byId)
            {
                if (r is not null && FieldValues.ToText(r.Values[slot]) is { } text && wanted.Contains(text))
                {
                    found[r.Id] = r;
                    if (found.Count > limit)
                    {
                        break;
                    }
                }
            }
        }

        return found.Values.Take(limit).ToList();
    }

    private void Index(LeadRecord record)
    {
        if (record.Values[schema.EmailSlot] is string { Length: > 0 } email)
        {
            if (!_byEmail.TryGetValue(email, out var ids))
            {
                _byEmail[email] = ids = [];
            }

            ids.Add(record.Id);
        }
    }

    private void Unindex(LeadRecord record)
    {
        if (record.Values[schema.EmailSlot] is string { Length: > 0 } email && _byEmail.TryGetValue(email, out var ids))
        {
            ids.Remove(record.Id);
            if (ids.Count == 0)
            {
                _byEmail.Remove(email);
            }
        }
    }

    private static LeadRecord Copy(LeadRecord r) =>
        new(r.Id, (object?[])r.Values.Clone(), r.CreatedAt) { UpdatedAt = r.UpdatedAt };
}
