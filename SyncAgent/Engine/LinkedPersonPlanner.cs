namespace CrmSync.SyncAgent.Engine;

/// <summary>Plans one linked person: decides every mapped field either side reported.</summary>
internal static class LinkedPersonPlanner
{
    /// <summary>Adds the writes, shadow moves and collisions for <paramref name="link"/>.</summary>
    public static void Plan(PlanContext context, Link link, CrmRecordChanges? crm, PersonChanges? marketo)
    {
        var plan = context.Plan;
        var statistics = plan.Statistics;
        List<PlannedField>? toDynamics = null;
        List<PlannedField>? toMarketo = null;
        var maps = context.Mapping.For(link.Entity);
        var slots = context.MarketoSlots;
        var present = context.MarketoPresent;
        if (marketo is not null)
        {
            // One lookup per reported field instead of one per mapped field; indexed, as an enumerator through the
            // interface would be an allocation per person.
            var fields = marketo.Fields;
            for (var f = 0; f < fields.Count; f++)
            {
                var (field, value) = fields[f];
                if (context.Mapping.TryGetByMarketo(link.Entity, field, out var reported))
                {
                    if (!reported.FlowsToDynamics)
                    {
                        // A one-way field: Marketo's change is neither checked nor written back (DESIGN B15).
                        statistics.IgnoredOneWay++;
                        continue;
                    }

                    // Marketo holds labels: the engine compares Dynamics values (DESIGN B14).
                    var translated = FieldTypes.FromMarketo(reported, value.Value);
                    if (!translated.Succeeded)
                    {
                        plan.ValueRejections.Add(new ValueRejection(
                            link.Record, link.MarketoId, SyncDirection.ToDynamics, reported.Marketo, value.Value, translated.Problem!));
                        continue;
                    }

                    slots[reported.Index] = value with { Value = translated.Value };
                    present[reported.Index] = true;
                }
            }
        }

        for (var i = 0; i < maps.Count; i++)
        {
            var map = maps[i];
            TimedValue crmValue = default;
            var crmChanged = crm is not null && crm.TryGet(i, out crmValue);
            var marketoChanged = present[i];
            var marketoValue = slots[i];
            present[i] = false;
            if (!crmChanged && !marketoChanged)
            {
                continue;
            }

            var hasShadow = context.Shadows.TryGet(link.MarketoId, map.Marketo, out var shadow);
            var state = new FieldState(
                hasShadow, shadow, crmChanged, crmValue.Value, crmValue.ChangedOn, marketoChanged, marketoValue.Value, marketoValue.ChangedOn);
            if (crmChanged && !map.FlowsToMarketo)
            {
                statistics.IgnoredOneWay++;
            }

            var decision = FieldDecider.Decide(state, link.Entity, map);
            statistics.FieldsDecided++;

            if (!context.Rejections.IsEmpty && ResolvesRejection(context, link, map, state))
            {
                plan.ResolvedRejections.Add(new ResolvedRejection(link.Record, map.Marketo));
            }

            switch (decision.Action)
            {
                case FieldAction.Echo:
                    statistics.Echoes++;
                    break;
                case FieldAction.Agree:
                    plan.ShadowUpdates.Add(new ShadowValue(link.MarketoId, map.Marketo, decision.Value));
                    break;
                case FieldAction.KeepTarget:
                    statistics.KeptNonBlank++;
                    plan.ShadowUpdates.Add(new ShadowValue(link.MarketoId, map.Marketo, decision.Value));
                    break;
                case FieldAction.CopyToMarketo:
                    Add(context, ref toMarketo, SyncDirection.ToMarketo, link, map, decision.Value);
                    break;
                case FieldAction.CopyToDynamics:
                    Add(context, ref toDynamics, SyncDirection.ToDynamics, link, map, decision.Value);
                    break;
            }

            if (decision.Collision != CollisionType.None)
            {
                statistics.Collisions++;
                plan.Collisions.Add(new PlannedCollision(link, map, decision.Collision, decision.Resolution, state.Crm, state.Marketo));
            }
        }

        if (toDynamics is not null)
        {
            plan.DynamicsUpdates.Add(new DynamicsUpdate(link, toDynamics));
        }

        if (toMarketo is not null)
        {
            plan.MarketoUpdates.Add(new MarketoUpdate(link, toMarketo));
        }
    }

    private static void Add(
        PlanContext context, ref List<PlannedField>? fields, SyncDirection direction, Link link, FieldMap map, FieldValue value)
    {
        if (context.Rejections.IsRejected(direction, link.Record, map.Marketo, value))
        {
            context.Plan.Statistics.SuppressedRejected++;
            return;
        }

        if (direction == SyncDirection.ToMarketo && map.Kind == FieldKind.Email
            && context.EmailOwners.TryFindLinkedElsewhere(value, link.Record, link.MarketoId, context.Unlinked, out var owner))
        {
            // Another record's person holds this e-mail: writing it would give two persons one e-mail.
            context.Plan.EmailConflicts.Add(new EmailConflict(link.Record, link.MarketoId, value, owner));
            return;
        }

        var translated = direction == SyncDirection.ToMarketo ? FieldTypes.ToMarketo(map, value) : FieldTypes.ToDynamics(map, value);
        if (!translated.Succeeded)
        {
            context.Plan.ValueRejections.Add(new ValueRejection(link.Record, link.MarketoId, direction, map.Marketo, value, translated.Problem!));
            return;
        }

        // Marketo is sent the translated value (a label); the plan's value (and so the shadow) stays the Dynamics one.
        (fields ??= []).Add(direction == SyncDirection.ToDynamics ? new PlannedField(map, translated.Value) : PlannedField.ForMarketo(map, value, translated));
    }

    private static bool ResolvesRejection(PlanContext context, Link link, FieldMap map, in FieldState state)
    {
        // Only a real change (not an echo of the shadow) counts as "the field changed again".
        var crm = state.CrmIsChange && context.Rejections.ResolvesRejection(link.Record, map.Marketo, state.Crm);
        return crm || (state.MarketoIsChange && context.Rejections.ResolvesRejection(link.Record, map.Marketo, state.Marketo));
    }
}
