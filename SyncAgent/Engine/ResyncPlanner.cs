namespace CrmSync.SyncAgent.Engine;

/// <summary>
/// Plans a repair (DESIGN B18) with the cycle's own decider: each chosen field is reported as changed on its source
/// side only, and the target's current value stands in as the agreed value, so <see cref="SyncPlanner"/> copies exactly
/// the values that differ and keeps every rule of a cycle (direction, keep non-blank, types, rejections).
/// A repair never blanks: a blank source value is not copied over a non-blank target unless the operator allows it
/// (<see cref="ResyncInput.AllowBlanking"/>, <c>--allow-blanking</c>); the values kept so are listed
/// (<see cref="ResyncPlan.KeptNonBlank"/>). A blank in the source is more often a value never filled there (a field
/// mapped later, an import) than a deliberate erase, and a cycle would have carried a real erase when it happened.
/// </summary>
internal static class ResyncPlanner
{
    /// <summary>Plans the repair of <see cref="ResyncInput.Links"/>.</summary>
    public static ResyncPlan Plan(ResyncInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var crmChanges = new List<CrmChange>();
        var marketoChanges = new List<MarketoChange>();
        var shadows = new List<ShadowValue>();
        var agreed = new List<ShadowValue>();
        var targets = new Dictionary<(long, string), FieldValue>();
        var missing = new List<Link>();
        var kept = new List<ResyncChange>();
        var held = 0;
        // A field with an open rejection waits for the operator (`rejections retry`): copying the other side over it
        // would erase the value that was refused.
        var rejected = input.Rejections.Select(r => (r.Record, r.Field)).ToHashSet();
        foreach (var link in input.Links)
        {
            if (!input.Crm.TryGetValue(link.Record, out var crm) || !input.Marketo.TryGetValue(link.MarketoId, out var marketo))
            {
                missing.Add(link);
                continue;
            }

            var crmFields = new Dictionary<string, FieldValue>(StringComparer.OrdinalIgnoreCase);
            var marketoFields = new Dictionary<string, FieldValue>(StringComparer.OrdinalIgnoreCase);
            foreach (var map in input.Mapping.For(link.Entity))
            {
                if (map.Kind == FieldKind.Lookup || (input.Fields.Count > 0 && !input.Fields.Contains(map.Marketo)))
                {
                    continue;
                }

                var crmValue = crm.TryGetValue(map.Dynamics, out var c) ? c : FieldValue.Null;
                var raw = marketo.TryGetValue(map.Marketo, out var m) ? m : FieldValue.Null;
                var translated = FieldTypes.FromMarketo(map, raw);
                var marketoValue = translated.Succeeded ? translated.Value : raw;
                if (rejected.Contains((link.Record, map.Marketo)))
                {
                    held++;
                    continue;
                }

                if (crmValue == marketoValue)
                {
                    agreed.Add(new ShadowValue(link.MarketoId, map.Marketo, crmValue));
                    continue;
                }

                var source = SourceOf(map, link.Entity, input.From);
                if (!input.AllowBlanking && source is { } way && (way == SyncDirection.ToMarketo ? crmValue : raw).IsNull
                    && !(way == SyncDirection.ToMarketo ? raw : crmValue).IsNull)
                {
                    kept.Add(new ResyncChange(link, map.Marketo, way, way == SyncDirection.ToMarketo ? raw : crmValue, FieldValue.Null));
                    continue;
                }

                switch (source)
                {
                    case SyncDirection.ToMarketo:
                        crmFields[map.Dynamics] = crmValue;
                        shadows.Add(new ShadowValue(link.MarketoId, map.Marketo, marketoValue));
                        targets[(link.MarketoId, map.Marketo)] = raw;
                        break;
                    case SyncDirection.ToDynamics:
                        marketoFields[map.Marketo] = raw;
                        shadows.Add(new ShadowValue(link.MarketoId, map.Marketo, crmValue));
                        targets[(link.MarketoId, map.Marketo)] = crmValue;
                        break;
                }
            }

            if (crmFields.Count > 0)
            {
                crmChanges.Add(new CrmChange(link.Record, CrmMessage.Update, crmFields, input.ReadOn));
            }

            if (marketoFields.Count > 0)
            {
                marketoChanges.Add(new MarketoChange(link.MarketoId, marketoFields, input.ReadOn));
            }
        }

        var live = input.Links.Except(missing).ToList();
        var plan = SyncPlanner.Plan(new PlanInput
        {
            CrmChanges = crmChanges,
            MarketoChanges = marketoChanges,
            Links = live,
            Shadows = shadows,
            Rejections = input.Rejections,
            Mapping = input.Mapping,
        });
        plan.ShadowUpdates.AddRange(agreed);
        var changes = new List<ResyncChange>();
        foreach (var update in plan.MarketoUpdates)
        {
            // What Marketo is sent (a choice as its label), as Old is what Marketo holds.
            changes.AddRange(update.Fields.Select(f =>
                new ResyncChange(update.Link, f.Map.Marketo, SyncDirection.ToMarketo, targets[(update.Link.MarketoId, f.Map.Marketo)], f.MarketoValue ?? f.Value)));
        }

        foreach (var update in plan.DynamicsUpdates)
        {
            changes.AddRange(update.Fields.Select(f =>
                new ResyncChange(update.Link, f.Map.Marketo, SyncDirection.ToDynamics, targets[(update.Link.MarketoId, f.Map.Marketo)], f.Value)));
        }

        return new ResyncPlan(plan, changes, missing) { HeldByRejections = held, KeptNonBlank = kept };
    }

    /// <summary>
    /// The direction a field is copied in: <paramref name="from"/> when the field may flow that way; else the field's
    /// direction; a two-way field follows its collision winner, and without one the entity rule (lead → Marketo wins,
    /// contact → Dynamics wins), as <see cref="CollisionResolver"/> decides a tie. Null: the field is not copied.
    /// </summary>
    public static SyncDirection? SourceOf(FieldMap map, SyncEntity entity, ResyncSource from)
    {
        ArgumentNullException.ThrowIfNull(map);
        return from switch
        {
            ResyncSource.Dynamics => map.FlowsToMarketo ? SyncDirection.ToMarketo : null,
            ResyncSource.Marketo => map.FlowsToDynamics ? SyncDirection.ToDynamics : null,
            _ => map.EffectiveDirection switch
            {
                FieldDirection.ToMarketo => SyncDirection.ToMarketo,
                FieldDirection.ToDynamics => SyncDirection.ToDynamics,
                _ => CollisionResolver.Resolve(CollisionType.BothChanged, entity, map.Winner, default, default) == CollisionResolution.DynamicsWins
                    ? SyncDirection.ToMarketo
                    : SyncDirection.ToDynamics,
            },
        };
    }
}
