using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Cycle.Ports;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>The engine's plan of one cycle, and the unlinked records found gone while gathering its input.</summary>
internal sealed record CyclePlan(SyncPlan Plan, IReadOnlySet<RecordKey> Gone)
{
    /// <summary>The rejections this cycle retried (closed at its commit).</summary>
    public RejectionRetries Retries { get; init; } = RejectionRetries.None;
}

/// <summary>
/// Gathers the engine's input for one cycle (links, shadows, open rejections and e-mail holders of what the changes
/// touch) and asks <see cref="SyncPlanner"/> for the plan. Decides nothing itself: when the plan asks for whole
/// records (unlinked records whose change lacked the e-mail), it reads them and asks again.
/// </summary>
internal sealed class CyclePlanning(
    CrmPort dataverse, StateStore state, EmailOwnerReader emailOwners, IOptions<SyncOptions> options, TimeProvider time)
{
    private readonly string? deletedField = string.IsNullOrWhiteSpace(options.Value.DeletedField) ? null : options.Value.DeletedField.Trim();

    /// <summary>Plans the cycle of <paramref name="crmChanges"/> and <paramref name="marketoChanges"/> with <paramref name="fields"/>.</summary>
    public async Task<CyclePlan> PlanAsync(
        FieldMapping fields, IReadOnlyList<CrmChange> crmChanges, IReadOnlyList<MarketoChange> marketoChanges, CancellationToken cancellationToken,
        IReadOnlyList<PersonMerge>? personMerges = null)
    {
        // Retried values go first, so a newer change of the same field in this cycle wins.
        var retries = await RejectionRetries.LoadAsync(state, cancellationToken).ConfigureAwait(false);
        if (retries.Rejections.Count > 0)
        {
            var now = time.GetUtcNow();
            crmChanges = [.. retries.CrmChanges(fields, now), .. crmChanges];
            marketoChanges = [.. retries.MarketoChanges(fields, now), .. marketoChanges];
        }

        var input = await LoadAsync(fields, crmChanges, marketoChanges, retries, personMerges ?? [], cancellationToken).ConfigureAwait(false);
        var plan = SyncPlanner.Plan(input);
        var gone = new HashSet<RecordKey>();
        if (plan.UnlinkedWithoutEmail.Count > 0)
        {
            var whole = await ReadWholeAsync(fields, plan.UnlinkedWithoutEmail, cancellationToken).ConfigureAwait(false);
            gone.UnionWith(plan.UnlinkedWithoutEmail.Except(whole.Select(c => c.Record)));
            input = await ReloadAsync(input, [.. crmChanges.Where(c => !gone.Contains(c.Record)), .. whole], cancellationToken).ConfigureAwait(false);
            plan = SyncPlanner.Plan(input);
        }

        return new CyclePlan(plan, gone) { Retries = retries };
    }

    /// <summary>The planner's input: the changes with the links, shadows and open rejections they touch.</summary>
    private async Task<PlanInput> LoadAsync(
        FieldMapping fields, IReadOnlyList<CrmChange> crmChanges, IReadOnlyList<MarketoChange> marketoChanges, RejectionRetries retries,
        IReadOnlyList<PersonMerge> personMerges, CancellationToken cancellationToken)
    {
        var keys = SyncPlanner.KeysOf(crmChanges, marketoChanges, personMerges);
        var links = new Dictionary<long, Link>();
        foreach (var link in await state.GetLinksAsync(keys.Records, cancellationToken).ConfigureAwait(false))
        {
            links[link.MarketoId] = link;
        }

        foreach (var link in await state.GetLinksAsync(keys.MarketoIds, cancellationToken).ConfigureAwait(false))
        {
            links[link.MarketoId] = link;
        }

        return new PlanInput
        {
            CrmChanges = crmChanges,
            MarketoChanges = marketoChanges,
            PersonMerges = personMerges,
            EmailOwners = await emailOwners.ReadAsync(fields, crmChanges, [], cancellationToken).ConfigureAwait(false),
            Links = links.Values,
            Shadows = await state.GetShadowsAsync(links.Keys, ChangedFields(fields, crmChanges, marketoChanges), cancellationToken).ConfigureAwait(false),
            Rejections = retries.Unsuppressed(
                await state.GetOpenRejectedWritesAsync([.. keys.Records, .. links.Values.Select(l => l.Record)], cancellationToken).ConfigureAwait(false)),
            Mapping = fields,
            DeletedField = deletedField,
        };
    }

    /// <summary>
    /// <paramref name="first"/> with <paramref name="crmChanges"/>: the first changes less the records that are gone,
    /// plus the unlinked records read whole. Those records were among the first keys, had no link and carry no
    /// originating lead, so the first links and rejections still cover every key (one loaded only for a gone record's
    /// changes is never looked up). Shadows are loaded by field, and a whole record can name fields no first change
    /// did: those are loaded too.
    /// </summary>
    private async Task<PlanInput> ReloadAsync(PlanInput first, IReadOnlyList<CrmChange> crmChanges, CancellationToken cancellationToken)
    {
        var loaded = ChangedFields(first.Mapping, first.CrmChanges, first.MarketoChanges);
        var missing = ChangedFields(first.Mapping, crmChanges, first.MarketoChanges);
        missing.ExceptWith(loaded);
        var shadows = first.Shadows;
        if (missing.Count > 0)
        {
            var more = await state.GetShadowsAsync(first.Links.Select(l => l.MarketoId), missing, cancellationToken).ConfigureAwait(false);
            shadows = [.. first.Shadows, .. more];
        }

        return new PlanInput
        {
            CrmChanges = crmChanges,
            MarketoChanges = first.MarketoChanges,
            PersonMerges = first.PersonMerges,
            EmailOwners = [.. first.EmailOwners, .. await emailOwners.ReadAsync(first.Mapping, crmChanges, first.CrmChanges, cancellationToken).ConfigureAwait(false)],
            Links = first.Links,
            Shadows = shadows,
            Rejections = first.Rejections,
            Mapping = first.Mapping,
            DeletedField = first.DeletedField,
        };
    }

    /// <summary>The Marketo names of the mapped fields any change touches: the only shadows the engine compares.</summary>
    private static HashSet<string> ChangedFields(FieldMapping mapping, IReadOnlyList<CrmChange> crmChanges, IReadOnlyList<MarketoChange> marketoChanges)
    {
        var fields = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<(SyncEntity, string)>();
        foreach (var change in crmChanges)
        {
            foreach (var attribute in change.Attributes.Keys)
            {
                if (seen.Add((change.Record.Entity, attribute)) && mapping.TryGetByDynamics(change.Record.Entity, attribute, out var map))
                {
                    fields.Add(map.Marketo);
                }
            }
        }

        foreach (var change in marketoChanges)
        {
            fields.UnionWith(change.Fields.Keys);
        }

        return fields;
    }

    private async Task<List<CrmChange>> ReadWholeAsync(FieldMapping mapping, IReadOnlyList<RecordKey> records, CancellationToken cancellationToken)
    {
        var changes = new List<CrmChange>();
        foreach (var group in records.GroupBy(r => r.Entity))
        {
            var columns = WholeRecord.Columns(mapping, group.Key);
            await foreach (var found in dataverse.ReadByIdsAsync(group.Key.ToLogicalName(), group.Select(r => r.Id), columns, cancellationToken).ConfigureAwait(false))
            {
                var attributes = WholeRecord.Attributes(mapping, group.Key, found);
                changes.Add(new CrmChange(new RecordKey(group.Key, found.Id), CrmMessage.Update, attributes, time.GetUtcNow()));
            }
        }

        return changes;
    }
}
