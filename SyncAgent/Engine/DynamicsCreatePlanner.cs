namespace CrmSync.SyncAgent.Engine;

/// <summary>Plans the Dynamics record of a Marketo person that sync-person creates (DESIGN B4).</summary>
internal static class DynamicsCreatePlanner
{
    /// <summary>
    /// Plans creating <paramref name="link"/>'s record from the person's <paramref name="values"/> (one per mapped field
    /// the sync user may write, as Marketo holds them). The field rules of the cycle apply (DESIGN B14, B15): a field
    /// that flows to Marketo only is not written; a label becomes its option value, and a value that does not fit its
    /// column (unknown label, too long, not a number) is left out and refused. Blank values are left out of the create
    /// instead of clearing columns; every value written or blank is the agreed one after it.
    /// </summary>
    public static DynamicsCreate Plan(Link link, IReadOnlyList<PlannedField> values)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(values);
        var planned = new List<PlannedField>(values.Count);
        var refused = new List<ValueRejection>();
        foreach (var (map, raw) in values)
        {
            if (!map.FlowsToDynamics)
            {
                // Dynamics owns the field: the created record does not hold Marketo's value, so nothing is agreed either.
                continue;
            }

            var translated = FieldTypes.FromMarketo(map, raw);
            if (translated.Succeeded)
            {
                translated = FieldTypes.ToDynamics(map, translated.Value);
            }

            if (!translated.Succeeded)
            {
                refused.Add(new ValueRejection(link.Record, link.MarketoId, SyncDirection.ToDynamics, map.Marketo, raw, translated.Problem!));
                continue;
            }

            planned.Add(new PlannedField(map, translated.Value));
        }

        return new DynamicsCreate(link, [.. planned.Where(f => !f.Value.IsNull)], [.. PlanShadows.Of(link.MarketoId, planned)]) { Refused = refused };
    }
}
