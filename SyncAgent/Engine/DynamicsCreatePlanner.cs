namespace CrmSync.SyncAgent.Engine;

/// <summary>Plans the Dynamics record of a Marketo person that sync-person creates (DESIGN B4).</summary>
internal static class DynamicsCreatePlanner
{
    /// <summary>
    /// Plans creating <paramref name="link"/>'s record from the person's <paramref name="values"/> (one per mapped field
    /// the sync user may write). Blank values are left out of the create instead of clearing columns; every value,
    /// blank or not, is the agreed one after it.
    /// </summary>
    public static DynamicsCreate Plan(Link link, IReadOnlyList<PlannedField> values)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(values);
        return new DynamicsCreate(link, [.. values.Where(f => !f.Value.IsNull)], [.. PlanShadows.Of(link.MarketoId, values)]);
    }
}
