namespace CrmSync.SyncAgent.Engine;

/// <summary>
/// Plans a changed Dynamics record that has no linked person: create-or-update by e-mail. The one rule for linking a
/// record, whatever path asks (cycle, backfill): an open rejection of a value suppresses it (of the e-mail: the whole
/// create); a blank value is not written, so matching an existing person by e-mail never clears its values; a
/// <c>toDynamics</c> field is not sent; a value without a Marketo label is a <see cref="ValueRejection"/>; and an
/// e-mail held by a person linked to another record writes nothing (<see cref="EmailConflict"/>); and where the matched
/// person's values are known (the first run), a field both sides hold with different values gets the collision rule
/// (<see cref="MatchedPersonCollisions"/>).
/// </summary>
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
            if (!record.TryGet(map.Index, out var timed) || (!map.FlowsToMarketo && !ReferenceEquals(map, emailMap)))
            {
                // A toDynamics field never goes to Marketo (DESIGN B15); the e-mail is still needed to match the person.
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

            if (timed.Value.IsNull)
            {
                // The person matched by e-mail may hold a value where the record has none: a blank never clears it.
                continue;
            }

            var translated = FieldTypes.ToMarketo(map, timed.Value);
            if (!translated.Succeeded)
            {
                plan.ValueRejections.Add(new ValueRejection(key, null, SyncDirection.ToMarketo, map.Marketo, timed.Value, translated.Problem!));
                continue;
            }

            fields.Add(PlannedField.ForMarketo(map, timed.Value, translated));
        }

        if (email.IsNull)
        {
            plan.UnlinkedWithoutEmail.Add(key);
            return;
        }

        if (context.EmailOwners.TryFindLinkedElsewhere(email, key, null, context.Unlinked, out var owner))
        {
            // Create-or-update by e-mail would write this record's values into another record's person.
            plan.EmailConflicts.Add(new EmailConflict(key, null, email, owner));
            return;
        }

        if (!context.PlannedEmails.Add(email))
        {
            // Two unlinked records with one e-mail would both match the same person; the first one links it.
            plan.Statistics.DuplicateEmails++;
            plan.DuplicateEmails.Add((key, email));
            return;
        }

        if (context.EmailOwners.TryFindUnlinkedWithValues(email, out var person))
        {
            // The create-or-update matches this person: where both hold a different value, the collision rule decides.
            fields = MatchedPersonCollisions.Resolve(context, key, person, fields);
        }

        plan.MarketoCreates.Add(new MarketoCreate(key, email, fields) { ClearsDeletedField = context.DeletedField });
    }
}
