using CrmSync.Staging;
using Microsoft.Xrm.Sdk;

namespace CrmSync.Plugins.Changes;

/// <summary>Reads the sync filter column from the event's Target and PreImage.</summary>
internal static class SyncFilterReader
{
    /// <summary>
    /// The effective value is the Target's when the Target carries the column, else the PreImage's;
    /// only an explicit No excludes. A value that is not a bool counts as empty. An update whose Target
    /// sets No over a PreImage that was Yes or empty turns the record off; without a PreImage (a create,
    /// or no image registered) the flip cannot be seen and the record is simply excluded.
    /// </summary>
    public static SyncFilterState Evaluate(Entity? target, Entity? preImage)
    {
        var before = ReadFlag(preImage, out _);
        var after = ReadFlag(target, out var targetCarriesColumn);
        if (!targetCarriesColumn)
        {
            after = before;
        }

        if (after == false)
        {
            return targetCarriesColumn && preImage is not null && before != false ? SyncFilterState.TurnedOff : SyncFilterState.Excluded;
        }

        return before == false && targetCarriesColumn ? SyncFilterState.TurnedOn : SyncFilterState.Syncs;
    }

    private static bool? ReadFlag(Entity? record, out bool present)
    {
        present = false;
        if (record is null || !record.Attributes.TryGetValue(SyncFilter.AttributeName, out var value))
        {
            return null;
        }

        present = true;
        return value is bool flag ? flag : null;
    }
}
