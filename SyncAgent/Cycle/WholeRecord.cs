using CrmSync.Staging;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>
/// A Dynamics record read whole (by the backfill, and by a cycle for a new record whose change lacked the email): its
/// mapped attributes and its sync filter, as the engine compares them.
/// </summary>
internal static class WholeRecord
{
    /// <summary>The columns to read: every attribute mapped for <paramref name="entity"/>, and the sync filter.</summary>
    /// <remarks>Lookups are left out: they flow one way and reach Marketo with the record's next staged change of them.</remarks>
    public static List<string> Columns(FieldMapping mapping, SyncEntity entity) =>
        mapping.For(entity).Where(m => m.Kind != FieldKind.Lookup).Select(m => m.Dynamics).Append(SyncFilter.AttributeName).ToList();

    /// <summary>
    /// Attribute logical name (case-insensitive) → value of every mapped attribute of <paramref name="record"/>, and
    /// the sync filter as a yes/no.
    /// </summary>
    public static Dictionary<string, FieldValue> Attributes(FieldMapping mapping, SyncEntity entity, DataverseRecord record)
    {
        var attributes = new Dictionary<string, FieldValue>(StringComparer.OrdinalIgnoreCase);
        foreach (var map in mapping.For(entity))
        {
            if (map.Kind == FieldKind.Lookup)
            {
                continue;
            }

            attributes[map.Dynamics] = ValueConverter.FromDataverse(record.GetValue(map.Dynamics), map.Kind);
        }

        attributes[SyncFilter.AttributeName] = ValueConverter.FromDataverse(record.GetValue(SyncFilter.AttributeName), FieldKind.Boolean);
        return attributes;
    }
}
