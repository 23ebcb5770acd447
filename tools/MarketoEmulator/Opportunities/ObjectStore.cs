using System.Globalization;
using CrmSync.MarketoEmulator.Leads;
using CrmSync.MarketoEmulator.Rest;

namespace CrmSync.MarketoEmulator.Opportunities;

/// <summary>
/// The records of one <see cref="LeadDatabaseObject"/>: a random <c>marketoGUID</c> each (no order), the dedupe fields
/// unique together, whole-second dates.
/// </summary>
internal sealed class ObjectStore(LeadDatabaseObject definition, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, ObjectRecord> _byGuid = [];
    private readonly Dictionary<string, Guid> _byKey = new(StringComparer.Ordinal);

    public LeadDatabaseObject Definition { get; } = definition;

    /// <summary>
    /// One record of a Sync call: by its dedupe fields or by <c>marketoGUID</c>. Returns the status (<c>created</c>,
    /// <c>updated</c>, <c>skipped</c>), the GUID, and the reason of a skip.
    /// </summary>
    public (string Status, Guid? Id, MarketoReason? Reason) Sync(
        string action, Guid? id, IReadOnlyDictionary<string, object?> key, IReadOnlyList<(string Field, object? Value)> values)
    {
        lock (_lock)
        {
            var existing = id is { } g ? _byGuid.GetValueOrDefault(g) : _byKey.TryGetValue(Key(key), out var found) ? _byGuid[found] : null;
            if (existing is null)
            {
                if (action == "updateOnly" || id is not null)
                {
                    return ("skipped", null, MarketoErrors.ObjectNotFound);
                }

                var created = new ObjectRecord(Guid.NewGuid(), Now());
                foreach (var (field, value) in key)
                {
                    created.Values[field] = value;
                }

                Apply(created, values);
                _byGuid.Add(created.MarketoGuid, created);
                _byKey.Add(Key(key), created.MarketoGuid);
                return ("created", created.MarketoGuid, null);
            }

            if (action == "createOnly")
            {
                return ("skipped", null, MarketoErrors.ObjectAlreadyExists);
            }

            Apply(existing, values);
            existing.UpdatedAt = Now();
            return ("updated", existing.MarketoGuid, null);
        }
    }

    /// <summary>Deletes the record by GUID or dedupe fields; its GUID, or null when there is none.</summary>
    public Guid? Delete(Guid? id, IReadOnlyDictionary<string, object?> key)
    {
        lock (_lock)
        {
            var found = id is { } g ? (_byGuid.ContainsKey(g) ? g : null) : _byKey.TryGetValue(Key(key), out var k) ? k : (Guid?)null;
            if (found is not { } guid)
            {
                return null;
            }

            _byKey.Remove(Key(_byGuid[guid].Values));
            _byGuid.Remove(guid);
            return guid;
        }
    }

    /// <summary>Copies of the records whose <paramref name="field"/> is one of <paramref name="values"/>, by creation (then GUID).</summary>
    public List<ObjectRecord> Find(string field, IReadOnlyCollection<string> values)
    {
        lock (_lock)
        {
            return [.. Ordered().Where(r => values.Contains(Text(r, field), StringComparer.Ordinal)).Select(r => r.Copy())];
        }
    }

    /// <summary>Copies of every record, by creation (then GUID).</summary>
    public List<ObjectRecord> All()
    {
        lock (_lock)
        {
            return [.. Ordered().Select(r => r.Copy())];
        }
    }

    /// <summary>A field's value, including the system fields.</summary>
    public static object? ValueOf(ObjectRecord record, string field) => field switch
    {
        LeadDatabaseObject.IdField => record.MarketoGuid.ToString("D"),
        "createdAt" => FieldValues.FormatDate(record.CreatedAt),
        "updatedAt" => FieldValues.FormatDate(record.UpdatedAt),
        _ => record.Values.GetValueOrDefault(field),
    };

    private IEnumerable<ObjectRecord> Ordered() => _byGuid.Values.OrderBy(r => r.CreatedAt).ThenBy(r => r.MarketoGuid);

    private string Key(IReadOnlyDictionary<string, object?> values) =>
        string.Join('\u001f', Definition.DedupeFields.Select(f => Convert.ToString(values.GetValueOrDefault(f), CultureInfo.InvariantCulture)));

    private static string? Text(ObjectRecord record, string field) =>
        ValueOf(record, field) is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    private static void Apply(ObjectRecord record, IReadOnlyList<(string Field, object? Value)> values)
    {
        foreach (var (field, value) in values)
        {
            record.Values[field] = value;
        }
    }

    private DateTimeOffset Now()
    {
        // Marketo keeps whole seconds.
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
    }
}
