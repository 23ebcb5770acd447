namespace CrmSync.SyncAgent.Engine;

/// <summary>Plans a changed Dynamics record that has no linked person: create-or-update by e-mail.</summary>
internal static class UnlinkedRecordPlanner
{
    /// <summary>Adds a <see cref="MarketoCreate"/> for <paramref name="record"/>, or notes why it cannot.</summary>
    public static void Plan(PlanContext context, CrmRecordChanges record)
    {
        var plan = context.Plan;
        var key = record.Record;
        var emailMap = context.Mapping.EmailFor(key.Entity);
        var email = FieldValue.Null;
        var fields = new List<PlannedField>();
        foreach (var map in context.Mapping.For(key.Entity))
        {
            if (!record.TryGet(map.Index, out var timed) || (!map.FlowsToMarketo && !ReferenceEquals(map, emailMap)) || (map.KeepNonBlank && timed.Value.IsNull))
            {
                // A toDynamics field never goes to Marketo; a kept non-blank never clears the matched person's value.
                continue;
            }

            if (context.Rejections.IsRejected(SyncDirection.ToMarketo, key, map.Marketo, timed.Value))
            {
                plan.Statistics.SuppressedRejected++;
                if (ReferenceEquals(map, emailMap))
                {
                    // Without its e-mail the person cannot be matched: the whole create waits for a change.
                    return;
                }

                continue;
            }

            if (ReferenceEquals(map, emailMap))
            {
                email = timed.Value;
            }

            var translated = FieldTypes.ToMarketo(map, timed.Value);
            if (!translated.Succeeded)
            {
                plan.ValueRejections.Add(new ValueRejection(key, null, SyncDirection.ToMarketo, map.Marketo, timed.Value, translated.Problem!));
                continue;
            }

            fields.Add(new PlannedField(map, timed.Value));
        }

        if (email.IsNull)
        {
            plan.UnlinkedWithoutEmail.Add(key);
            return;
        }

        if (!context.PlannedEmails.Add(email))
        {
            // Two unlinked records with one e-mail would both match the same person; the first one links it.
            plan.Statistics.DuplicateEmails++;
            plan.DuplicateEmails.Add((key, email));
            return;
        }

        plan.MarketoCreates.Add(new MarketoCreate(key, email, fields));
    }
}
