using CrmSync.Staging;

namespace CrmSync.SyncAgent.Engine;

/// <summary>All staged changes of one Dynamics record in a cycle, merged in staging order (later wins).</summary>
internal sealed class CrmRecordChanges(RecordKey record)
{
    private static readonly FieldValue No = FieldValue.FromBoolean(false);

    /// <summary>The record.</summary>
    public RecordKey Record { get; } = record;

    /// <summary>Whether a Create was staged.</summary>
    public bool Created { get; private set; }

    /// <summary>Whether a Delete was staged.</summary>
    public bool Deleted { get; private set; }

    /// <summary>The lead a created contact was qualified from.</summary>
    public Guid? OriginatingLeadId { get; private set; }

    /// <summary>Whether the latest staged sync filter is No.</summary>
    public bool FilteredOut { get; private set; }

    /// <summary>Attribute → latest value.</summary>
    public Dictionary<string, TimedValue> Attributes { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Merges one staged change.</summary>
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
            if (string.Equals(attribute, SyncFilter.AttributeName, StringComparison.OrdinalIgnoreCase))
            {
                // Empty or Yes syncs (DESIGN B11).
                FilteredOut = value == No;
                continue;
            }

            Attributes[attribute] = new TimedValue(value, change.ChangedOn);
        }
    }
}
