namespace CrmSync.SyncAgent.Engine;

/// <summary>
/// The engine (DESIGN §3): from the changes of both sides, the links, shadows and open rejections, plans the
/// writes of one cycle. Pure: no I/O, no clock; the same input always gives the same plan.
/// </summary>
internal static class SyncPlanner
{
    /// <summary>The records and persons <paramref name="crmChanges"/> and <paramref name="marketoChanges"/> touch.</summary>
    public static ChangeKeys KeysOf(IReadOnlyList<CrmChange> crmChanges, IReadOnlyList<MarketoChange> marketoChanges, IReadOnlyList<PersonMerge>? personMerges = null)
    {
        var records = new HashSet<RecordKey>();
        foreach (var change in crmChanges)
        {
            records.Add(change.Record);
            if (change.OriginatingLeadId is { } lead)
            {
                records.Add(new RecordKey(SyncEntity.Lead, lead));
            }

            if (change.SubordinateId is { } subordinate)
            {
                records.Add(new RecordKey(change.Record.Entity, subordinate));
            }
        }

        var persons = new HashSet<long>();
        foreach (var change in marketoChanges)
        {
            persons.Add(change.LeadId);
        }

        foreach (var merge in personMerges ?? [])
        {
            persons.Add(merge.Winner);
            persons.UnionWith(merge.Losers);
        }

        return new ChangeKeys(records, persons);
    }

    /// <summary>Plans one cycle.</summary>
    public static SyncPlan Plan(PlanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plan = new SyncPlan();
        plan.Statistics.MarketoChanges = input.MarketoChanges.Count;

        var linkCount = input.Links.TryGetNonEnumeratedCount(out var count) ? count : 0;
        var linksByPerson = new Dictionary<long, Link>(linkCount);
        var linksByRecord = new Dictionary<RecordKey, Link>(linkCount);
        foreach (var link in input.Links)
        {
            linksByPerson[link.MarketoId] = link;
            linksByRecord[link.Record] = link;
        }

        var records = MergeCrm(input.CrmChanges, input.Mapping);
        var persons = MergeMarketo(input.MarketoChanges);

        ApplyPersonMerges(plan, input.PersonMerges, persons, linksByPerson, linksByRecord);
        ApplyDeletes(plan, records, persons, linksByPerson, linksByRecord, input.DeletedField);
        ApplyMerges(plan, input.CrmChanges, records, persons, linksByPerson, linksByRecord);
        ApplyConversions(plan, records, linksByRecord, linksByPerson);

        var context = new PlanContext(
            plan, input.Mapping, new ShadowIndex(input.Shadows), new RejectionIndex(input.Rejections), new EmailOwnerIndex(input.EmailOwners))
        {
            DeletedField = input.DeletedField,
        };
        foreach (var change in plan.LinkChanges)
        {
            if (change.Unlinks)
            {
                context.Unlinked.Add(change.MarketoId);
            }
        }

        foreach (var record in records.Values)
        {
            if (record.FilteredOut && !record.Deleted && linksByRecord.TryGetValue(record.Record, out var leaving))
            {
                context.Unlinked.Add(leaving.MarketoId);
            }
        }

        var work = new Dictionary<long, (Link Link, CrmRecordChanges? Crm, PersonChanges? Marketo)>(records.Count + persons.Count);
        foreach (var record in records.Values)
        {
            if (record.Deleted)
            {
                continue;
            }

            if (record.FilteredOut)
            {
                plan.Statistics.IgnoredFiltered++;
                if (linksByRecord.Remove(record.Record, out var filtered))
                {
                    // The record opted out: the person is unlinked, so its changes no longer reach the record.
                    linksByPerson.Remove(filtered.MarketoId);
                    persons.Remove(filtered.MarketoId);
                    plan.LinkChanges.Add(new LinkChange(LinkChangeKind.FilteredOut, filtered.MarketoId, filtered.Record, null));
                }

                continue;
            }

            if (linksByRecord.TryGetValue(record.Record, out var link))
            {
                work[link.MarketoId] = (link, record, null);
            }
            else
            {
                UnlinkedRecordPlanner.Plan(context, record);
            }
        }

        foreach (var person in persons.Values)
        {
            if (!linksByPerson.TryGetValue(person.LeadId, out var link))
            {
                plan.Statistics.IgnoredUnlinkedMarketo++;
                continue;
            }

            work[link.MarketoId] = work.TryGetValue(link.MarketoId, out var item) ? item with { Marketo = person } : (link, null, person);
        }

        foreach (var (link, crm, marketo) in work.Values)
        {
            LinkedPersonPlanner.Plan(context, link, crm, marketo);
        }

        return plan;
    }

    private static Dictionary<RecordKey, CrmRecordChanges> MergeCrm(IReadOnlyList<CrmChange> changes, FieldMapping mapping)
    {
        var records = new Dictionary<RecordKey, CrmRecordChanges>(changes.Count);
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            if (change.Message == CrmMessage.Merge)
            {
                // A merge moves links (ApplyMerges); it carries no values, the master's come as its own Update.
                continue;
            }

            if (!records.TryGetValue(change.Record, out var record))
            {
                records[change.Record] = record = new CrmRecordChanges(change.Record, mapping);
            }

            record.Apply(change);
        }

        return records;
    }

    private static Dictionary<long, PersonChanges> MergeMarketo(IReadOnlyList<MarketoChange> changes)
    {
        var persons = new Dictionary<long, PersonChanges>(changes.Count);
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            if (!persons.TryGetValue(change.LeadId, out var person))
            {
                persons[change.LeadId] = person = new PersonChanges(change.LeadId);
            }

            person.Apply(change);
        }

        return persons;
    }

    private static void ApplyDeletes(
        SyncPlan plan,
        Dictionary<RecordKey, CrmRecordChanges> records,
        Dictionary<long, PersonChanges> persons,
        Dictionary<long, Link> linksByPerson,
        Dictionary<RecordKey, Link> linksByRecord,
        string? deletedField)
    {
        foreach (var record in records.Values)
        {
            if (!record.Deleted || !linksByRecord.Remove(record.Record, out var link))
            {
                continue;
            }

            linksByPerson.Remove(link.MarketoId);
            plan.LinkChanges.Add(new LinkChange(LinkChangeKind.Unlink, link.MarketoId, link.Record, null));
            if (deletedField is not null)
            {
                // B17: the delete is visible to marketers on the person, which is never deleted.
                plan.MarketoFlags.Add(new MarketoFlag(link.MarketoId, deletedField, true));
            }

            if (persons.Remove(link.MarketoId))
            {
                plan.Statistics.Collisions++;
                plan.Collisions.Add(new PlannedCollision(
                    link, null, CollisionType.ChangedOnDeletedRecord, CollisionResolution.Unlink, FieldValue.Null, FieldValue.Null));
            }
        }
    }

    /// <summary>
    /// Marketo merges (DESIGN B17): a merged-away person no longer exists, so its link is dropped. If the survivor is
    /// linked to another record, the loser's record stays unlinked and is told (<see cref="SyncPlan.MergedAway"/>); if
    /// the survivor had no link, it takes over the loser's record. Nothing in Dynamics is deleted.
    /// </summary>
    private static void ApplyPersonMerges(
        SyncPlan plan,
        IReadOnlyList<PersonMerge> merges,
        Dictionary<long, PersonChanges> persons,
        Dictionary<long, Link> linksByPerson,
        Dictionary<RecordKey, Link> linksByRecord)
    {
        foreach (var merge in merges)
        {
            foreach (var loserId in merge.Losers)
            {
                if (loserId == merge.Winner || !linksByPerson.Remove(loserId, out var loser))
                {
                    continue;
                }

                linksByRecord.Remove(loser.Record);
                persons.Remove(loserId);
                plan.LinkChanges.Add(new LinkChange(LinkChangeKind.MergedInMarketo, loserId, loser.Record, null, merge.Winner));
                if (linksByPerson.TryGetValue(merge.Winner, out var winner))
                {
                    plan.MergedAway.Add(new MergedAway(loserId, merge.Winner, loser.Record, winner.Record));
                    continue;
                }

                var adopted = new Link(merge.Winner, loser.Record);
                linksByPerson[merge.Winner] = adopted;
                linksByRecord[loser.Record] = adopted;
                plan.AdoptedLinks.Add(adopted);
            }
        }
    }

    /// <summary>
    /// Dynamics merges (DESIGN B17), in staging order: the subordinate's person moves to an unlinked master; when the
    /// master has its own person, the subordinate's person is merged into it in Marketo (the master's person wins) and
    /// loses its link. The subordinate is only deactivated in Dynamics, so nothing else is written there.
    /// </summary>
    private static void ApplyMerges(
        SyncPlan plan,
        IReadOnlyList<CrmChange> changes,
        Dictionary<RecordKey, CrmRecordChanges> records,
        Dictionary<long, PersonChanges> persons,
        Dictionary<long, Link> linksByPerson,
        Dictionary<RecordKey, Link> linksByRecord)
    {
        foreach (var change in changes)
        {
            if (change.Message != CrmMessage.Merge || change.SubordinateId is not { } subordinateId)
            {
                continue;
            }

            // The merge deactivates the subordinate, which stages its own Update (statecode, statuscode): a merged-away
            // record's changes reach no one, linked or not.
            var subordinate = new RecordKey(change.Record.Entity, subordinateId);
            if (subordinate != change.Record)
            {
                records.Remove(subordinate);
            }

            if (subordinate == change.Record || !linksByRecord.Remove(subordinate, out var loser))
            {
                continue;
            }

            linksByPerson.Remove(loser.MarketoId);
            if (linksByRecord.TryGetValue(change.Record, out var master))
            {
                plan.MarketoMerges.Add(new MarketoMerge(master.MarketoId, loser.MarketoId, change.Record, subordinate));
                plan.LinkChanges.Add(new LinkChange(LinkChangeKind.Merged, loser.MarketoId, subordinate, change.Record));

                // The loser's own Marketo edits have no record left to reach; Marketo keeps them only where the winner is blank.
                persons.Remove(loser.MarketoId);
                continue;
            }

            var moved = loser with { Record = change.Record };
            linksByRecord[change.Record] = moved;
            linksByPerson[moved.MarketoId] = moved;
            plan.LinkChanges.Add(new LinkChange(LinkChangeKind.Relink, loser.MarketoId, subordinate, change.Record));
        }
    }

    private static void ApplyConversions(
        SyncPlan plan,
        Dictionary<RecordKey, CrmRecordChanges> records,
        Dictionary<RecordKey, Link> linksByRecord,
        Dictionary<long, Link> linksByPerson)
    {
        foreach (var record in records.Values)
        {
            if (!record.Created || record.Deleted || record.Record.Entity != SyncEntity.Contact
                || record.OriginatingLeadId is not { } leadId || linksByRecord.ContainsKey(record.Record)
                || !linksByRecord.Remove(new RecordKey(SyncEntity.Lead, leadId), out var leadLink))
            {
                continue;
            }

            var contactLink = leadLink with { Record = record.Record };
            linksByRecord[record.Record] = contactLink;
            linksByPerson[contactLink.MarketoId] = contactLink;
            plan.LinkChanges.Add(new LinkChange(LinkChangeKind.Relink, leadLink.MarketoId, leadLink.Record, record.Record));
        }
    }
}
