using CrmSync.MarketoEmulator.Leads;
using CrmSync.MarketoEmulator.Rest;

namespace CrmSync.MarketoEmulator.Companies;

/// <summary>The instance's companies: ids assigned in order, <c>externalCompanyId</c> unique (the dedupe field).</summary>
internal sealed class CompanyStore(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<int, CompanyRecord> _byId = [];
    private readonly Dictionary<string, int> _byExternalId = new(StringComparer.Ordinal);
    private int _nextId = 1;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byId.Count;
            }
        }
    }

    /// <summary>
    /// One record of Sync Companies: by <c>externalCompanyId</c> (dedupeFields) or <c>id</c> (idField). Returns the
    /// status (<c>created</c>, <c>updated</c>, <c>skipped</c>), the id, and the reason of a skip.
    /// </summary>
    public (string Status, int? Id, MarketoReason? Reason) Sync(
        string action, bool byId, int? id, string? externalId, IReadOnlyList<(string Field, object? Value)> values)
    {
        lock (_lock)
        {
            CompanyRecord? existing = byId
                ? (id is { } i && _byId.TryGetValue(i, out var r) ? r : null)
                : (externalId is not null && _byExternalId.TryGetValue(externalId, out var e) ? _byId[e] : null);
            if (existing is null)
            {
                if (action == "updateOnly" || byId)
                {
                    return ("skipped", null, MarketoErrors.ObjectNotFound);
                }

                var created = new CompanyRecord(_nextId++, externalId, Now());
                Apply(created, values);
                _byId.Add(created.Id, created);
                _byExternalId.Add(externalId!, created.Id);
                return ("created", created.Id, null);
            }

            if (action == "createOnly")
            {
                return ("skipped", null, MarketoErrors.ObjectAlreadyExists);
            }

            Apply(existing, values);
            existing.UpdatedAt = Now();
            return ("updated", existing.Id, null);
        }
    }

    /// <summary>Deletes the company by id or external id; its id, or null when there is none.</summary>
    public int? Delete(bool byId, int? id, string? externalId)
    {
        lock (_lock)
        {
            var found = byId
                ? (id is { } i && _byId.ContainsKey(i) ? i : (int?)null)
                : (externalId is not null && _byExternalId.TryGetValue(externalId, out var e) ? e : null);
            if (found is not { } key)
            {
                return null;
            }

            if (_byId[key].ExternalCompanyId is { } external)
            {
                _byExternalId.Remove(external);
            }

            _byId.Remove(key);
            return key;
        }
    }

    /// <summary>Copies of the companies whose <paramref name="field"/> is one of <paramref name="values"/>, by id.</summary>
    public List<CompanyRecord> Find(string field, IReadOnlyCollection<string> values)
    {
        lock (_lock)
        {
            return [.. _byId.Values.Where(c => values.Contains(Text(c, field), StringComparer.Ordinal)).Select(c => c.Copy())];
        }
    }

    /// <summary>A copy of the company with <paramref name="externalId"/>, or null.</summary>
    public CompanyRecord? FindByExternalId(string? externalId)
    {
        lock (_lock)
        {
            return externalId is not null && _byExternalId.TryGetValue(externalId, out var id) ? _byId[id].Copy() : null;
        }
    }

    /// <summary>Copies of every company, by id.</summary>
    public List<CompanyRecord> All()
    {
        lock (_lock)
        {
            return [.. _byId.Values.Select(c => c.Copy())];
        }
    }

    /// <summary>A field's value, including the system fields.</summary>
    public static object? ValueOf(CompanyRecord company, string field) => field switch
    {
        CompanyFields.Id => (long)company.Id,
        CompanyFields.ExternalCompanyId => company.ExternalCompanyId,
        "createdAt" => FieldValues.FormatDate(company.CreatedAt),
        "updatedAt" => FieldValues.FormatDate(company.UpdatedAt),
        _ => company.Values.GetValueOrDefault(field),
    };

    private static string? Text(CompanyRecord company, string field) =>
        ValueOf(company, field) is { } value ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    private static void Apply(CompanyRecord company, IReadOnlyList<(string Field, object? Value)> values)
    {
        foreach (var (field, value) in values)
        {
            company.Values[field] = value;
        }
    }

    private DateTimeOffset Now()
    {
        // Marketo keeps whole seconds.
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
    }
}
