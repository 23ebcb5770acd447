using CrmSync.Staging;

namespace CrmSync.SyncAgent.Engine;

/// <summary>All staged changes of one Dynamics record in a cycle, merged in staging order (later wins), per mapped field.</summary>
internal sealed class CrmRecordChanges
{
    private static readonly FieldValue No = FieldValue.FromBoolean(false);
    private readonly FieldMapping mapping;
    private readonly TimedValue[] values;
    private readonly bool[] present;

    /// <summary>Creates the merge target for <paramref name="record"/>.</summary>
    public CrmRecordChanges(RecordKey record, FieldMapping mapping)
    {
        Record = record;
        this.mapping = mapping;
        var count = mapping.For(record.Entity).Count;
        values = new TimedValue[count];
        present = new bool[count];
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
        value = values[index];
        return present[index];
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

        foreach (var (attribute, value) in change.Attributes)
        {
            if (mapping.TryGetByDynamics(Record.Entity, attribute, out var map))
            {
                values[map.Index] = new TimedValue(value, change.ChangedOn);
                present[map.Index] = true;
            }
            else if (string.Equals(attribute, SyncFilter.AttributeName, StringComparison.OrdinalIgnoreCase))
            {
                // Empty or Yes syncs (DESIGN B11).
                FilteredOut = value == No;
            }
        }
    }
}
