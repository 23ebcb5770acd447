namespace CrmSync.SyncAgent.Engine;

/// <summary>Open rejections indexed for the planner: is this exact write refused, and is this field under a rejection?</summary>
internal sealed class RejectionIndex
{
    private readonly HashSet<RejectedWrite> writes = [];
    private readonly Dictionary<(RecordKey Record, string Field), List<FieldValue>> fields = [];

    /// <summary>Indexes <paramref name="rejections"/>.</summary>
    public RejectionIndex(IEnumerable<RejectedWrite> rejections)
    {
        foreach (var rejection in rejections)
        {
            writes.Add(rejection);
            var key = (rejection.Record, rejection.Field);
            if (!fields.TryGetValue(key, out var values))
            {
                fields[key] = values = [];
            }

            values.Add(rejection.Value);
        }
    }

    /// <summary>Whether there is no open rejection at all (the common case; skips every lookup).</summary>
    public bool IsEmpty => writes.Count == 0;

    /// <summary>Whether writing <paramref name="value"/> to <paramref name="direction"/> was refused and not resolved.</summary>
    public bool IsRejected(SyncDirection direction, RecordKey record, string field, FieldValue value) =>
        writes.Count != 0 && writes.Contains(new RejectedWrite(direction, record, field, value));

    /// <summary>Whether a new value <paramref name="changed"/> of the field differs from a rejected one, so those rejections are resolved.</summary>
    public bool ResolvesRejection(RecordKey record, string field, FieldValue changed)
    {
        if (writes.Count == 0 || !fields.TryGetValue((record, field), out var values))
        {
            return false;
        }

        foreach (var value in values)
        {
            if (value != changed)
            {
                return true;
            }
        }

        return false;
    }
}
