using CrmSync.Staging;

namespace CrmSync.SyncAgent.Engine;

/// <summary>All staged changes of one Dynamics record in a cycle, merged in staging order (later wins), per mapped field.</summary>
internal sealed class CrmRecordChanges
{
    private static readonly FieldValue No = FieldValue.FromBoolean(false);
    private readonly FieldMapping mapping;

    // A record stages a handful of the twenty-odd mapped fields: the staged ones as a short array (mapped index, value)
    // instead of a slot per mapped field, and a bit per index below 64 so the planner's look-up of an unstaged field is
    // one test (tools/BENCHMARKS.md, "Planning regression").
    private (int Index, TimedValue Value)[] staged = [];
    private int count;
    private ulong stagedBits;

    /// <summary>Creates the merge target for <paramref name="record"/>.</summary>
    public CrmRecordChanges(RecordKey record, FieldMapping mapping)
    {
        Record = record;
        this.mapping = mapping;
    }

    /// <summary>The record.</summary>
    public RecordKey Record { get; }

    /// <summary>Whether a Create was staged.</summary>
    public bool Created { get; private set; }

    /// <summary>Whether a Delete was staged.</summary>
    public bool Deleted { get; private set; }

    /// <summary>The lead a created contact was qualified from.</summary>
    public Guid? OriginatingLeadId { get; private set; }

    /// <summary>Whether the latest staged sync filter is No.</summary>
    public bool FilteredOut { get; private set; }

    /// <summary>The latest value of mapped field <paramref name="index"/> (<see cref="FieldMap.Index"/>), if staged.</summary>
    public bool TryGet(int index, out TimedValue value)
    {
        if (index >= 64 || (stagedBits & (1UL << index)) != 0)
        {
            for (var i = 0; i < count; i++)
            {
                if (staged[i].Index == index)
                {
                    value = staged[i].Value;
                    return true;
                }
            }
        }

        value = default;
        return false;
    }

    /// <summary>Merges one staged change; attributes that are not mapped are ignored.</summary>
    public void Apply(CrmChange change)
    {
        switch (change.Message)
        {
            case CrmMessage.Delete:
                Deleted = true;
                return;
            case CrmMessage.Create:
                Created = true;
                OriginatingLeadId ??= change.OriginatingLeadId;
                break;
        }

        // A Dictionary's own enumerator is a struct; through the interface it is one allocation per change.
        if (change.Attributes is Dictionary<string, FieldValue> attributes)
        {
            foreach (var (attribute, value) in attributes)
            {
                Apply(attribute, value, change);
            }
        }
        else
        {
            foreach (var (attribute, value) in change.Attributes)
            {
                Apply(attribute, value, change);
            }
        }
    }

    private void Apply(string attribute, FieldValue value, CrmChange change)
    {
        if (mapping.TryGetByDynamics(Record.Entity, attribute, out var map))
        {
            Stage(map.Index, new TimedValue(value, change.ChangedOn), change.Attributes.Count);
        }
        else if (string.Equals(attribute, SyncFilter.AttributeName, StringComparison.OrdinalIgnoreCase))
        {
            // Empty or Yes syncs (DESIGN B11).
            FilteredOut = value == No;
        }
    }

    private void Stage(int index, TimedValue value, int expected)
    {
        for (var i = 0; i < count; i++)
        {
            if (staged[i].Index == index)
            {
                staged[i].Value = value;
                return;
            }
        }

        if (count == staged.Length)
        {
            // First sized for the change's attributes (no more than are mapped), then doubled.
            var first = Math.Max(4, Math.Min(expected, mapping.For(Record.Entity).Count));
            Array.Resize(ref staged, count == 0 ? first : count * 2);
        }

        staged[count++] = (index, value);
        if (index < 64)
        {
            stagedBits |= 1UL << index;
        }
    }
}
