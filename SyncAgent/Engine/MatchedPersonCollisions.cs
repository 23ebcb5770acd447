namespace CrmSync.SyncAgent.Engine;

/// <summary>
/// The first run against two non-empty sides (issue 18 item 6): a record about to be matched by e-mail to an existing
/// person whose values were read. A two-way field where both hold a value and the values differ is a collision, and
/// the entity's rule decides it (DESIGN B3, with the field's <see cref="FieldMap.Winner"/>), as if both had changed:
/// Dynamics wins, the value goes to Marketo with the create-or-update; Marketo wins, it stays out of it and goes to the
/// record (a <see cref="DynamicsUpdate"/> once linked). Nothing is overwritten blindly.
/// </summary>
/// <remarks>
/// <see cref="CollisionWinner.Newest"/> falls back to the entity rule here: the first run knows no per-field change
/// times. A blank on either side is not a collision (a blank is never written over a value).
/// </remarks>
internal static class MatchedPersonCollisions
{
    /// <summary>The fields to send to Marketo; adds the collisions, and the update of the record, to the plan.</summary>
    public static List<PlannedField> Resolve(PlanContext context, RecordKey record, EmailOwner person, List<PlannedField> fields)
    {
        var plan = context.Plan;
        var link = new Link(person.MarketoId, record);
        var send = new List<PlannedField>(fields.Count);
        List<PlannedField>? toDynamics = null;
        foreach (var field in fields)
        {
            var map = field.Map;
            if (!map.FlowsToDynamics || map.Kind == FieldKind.Email
                || person.Values is null || !person.Values.TryGetValue(map.Marketo, out var raw) || raw.IsNull)
            {
                send.Add(field);
                continue;
            }

            var marketo = FieldTypes.FromMarketo(map, raw);
            if (!marketo.Succeeded || marketo.Value.Equals(field.Value))
            {
                send.Add(field);
                continue;
            }

            var resolution = CollisionResolver.Resolve(CollisionType.BothChanged, record.Entity, map.Winner, default, default);
            plan.Collisions.Add(new PlannedCollision(link, map, CollisionType.BothChanged, resolution, field.Value, marketo.Value));
            plan.Statistics.Collisions++;
            if (resolution == CollisionResolution.DynamicsWins)
            {
                send.Add(field);
                continue;
            }

            var target = FieldTypes.ToDynamics(map, marketo.Value);
            if (!target.Succeeded)
            {
                // Marketo's value does not fit the column: neither side is written, and users see why.
                plan.ValueRejections.Add(new ValueRejection(record, person.MarketoId, SyncDirection.ToDynamics, map.Marketo, raw, target.Problem!));
                continue;
            }

            (toDynamics ??= []).Add(new PlannedField(map, target.Value));
        }

        if (toDynamics is not null)
        {
            plan.DynamicsUpdates.Add(new DynamicsUpdate(link, toDynamics));
        }

        return send;
    }
}
