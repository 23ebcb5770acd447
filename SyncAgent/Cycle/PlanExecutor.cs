using System.Globalization;
using System.Text.Json;
using CrmSync.SyncAgent.Cycle.Ports;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Dataverse.Batch;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Marketo;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>
/// Carries out a <see cref="SyncPlan"/>: Marketo creates (create-or-update by email, so an existing person is matched),
/// Marketo updates by id, Dynamics updates in <c>$batch</c> with one changeset per record. Per-record refusals become
/// rejections; nothing here touches the state store, so a crash before the commit leaves the old state intact.
/// </summary>
internal sealed class PlanExecutor(CrmPort dataverse, MarketoPort marketo, StateStore state, TimeProvider time)
{
    private const string EmailField = "email";
    private const string NotFoundReason = "1004";

    /// <summary>Executes <paramref name="plan"/> and returns what to commit.</summary>
    public async Task<CycleCommit> ExecuteAsync(SyncPlan plan, CancellationToken cancellationToken)
    {
        var commit = new CycleCommit();
        commit.Shadows.AddRange(plan.ShadowUpdates);

        // The two sides spend separate budgets, so their writes run side by side: a cycle takes the longer of the two,
        // not their sum (tools/BENCHMARKS.md, throughput). Each side fills its own commit; they are merged afterwards.
        var dynamics = new CycleCommit();
        var marketoWrites = WriteMarketoAsync(plan, commit, cancellationToken);
        var dynamicsWrites = UpdateDynamicsAsync(plan.DynamicsUpdates, dynamics, cancellationToken);
        await Task.WhenAll(marketoWrites, dynamicsWrites).ConfigureAwait(false);
        commit.Unlinks.AddRange(dynamics.Unlinks);
        commit.Shadows.AddRange(dynamics.Shadows);
        commit.Rejections.AddRange(dynamics.Rejections);
        commit.DynamicsWritten += dynamics.DynamicsWritten;
        return commit;
    }

    private async Task WriteMarketoAsync(SyncPlan plan, CycleCommit commit, CancellationToken cancellationToken)
    {
        await MergeInMarketoAsync(plan.MarketoMerges, commit, cancellationToken).ConfigureAwait(false);

        // Flags first: a person marked deleted whose e-mail a new record links again in this cycle ends up cleared.
        await SetFlagsAsync(plan.MarketoFlags, commit, cancellationToken).ConfigureAwait(false);
        await CreateInMarketoAsync(plan.MarketoCreates, commit, "Create", cancellationToken).ConfigureAwait(false);
        await UpdateMarketoAsync(plan.MarketoUpdates, commit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates or matches (by email) a Marketo person for each unlinked Dynamics record and links it. A person that is
    /// already linked to another record (two Dynamics records sharing one email) is not linked twice: that is a rejection.
    /// </summary>
    public async Task CreateInMarketoAsync(IReadOnlyList<MarketoCreate> creates, CycleCommit commit, string operation, CancellationToken cancellationToken)
    {
        if (creates.Count == 0)
        {
            return;
        }

        var records = creates.Select(c =>
        {
            var record = ToMarketoRecord(c.Fields, null);
            record.TryAdd(EmailField, MarketoValues.String(c.Email.Text!));
            if (c.ClearsDeletedField is { } deleted)
            {
                record[deleted] = JsonSerializer.SerializeToElement(false);
            }

            return record;
        }).ToList();
        var results = await marketo.SyncLeadsAsync(SyncLeadsAction.CreateOrUpdate, EmailField, records, cancellationToken).ConfigureAwait(false);
        var ids = results.Where(r => r.Succeeded && r.Id is not null).Select(r => r.Id!.Value).Distinct().ToList();
        var linkedByPerson = (await state.GetLinksAsync(ids, cancellationToken).ConfigureAwait(false)).ToDictionary(l => l.MarketoId);
        foreach (var link in commit.NewLinks)
        {
            linkedByPerson.TryAdd(link.MarketoId, link);
        }

        foreach (var result in results)
        {
            var create = creates[result.Index];
            if (!result.Succeeded || result.Id is not { } id)
            {
                commit.Rejections.Add(MarketoRejection(operation, create.Record, null, create.Fields, result.Reasons));
                continue;
            }

            commit.MarketoWritten++;
            if (linkedByPerson.TryGetValue(id, out var existing) && existing.Record != create.Record)
            {
                commit.Rejections.Add(CycleRejections.EmailAlreadyLinked(create.Record, id, create.Email, existing.Record, time.GetUtcNow()));
                continue;
            }

            var link = create.LinkFor(id);
            linkedByPerson[id] = link;
            if (existing is null)
            {
                commit.NewLinks.Add(link);
            }

            commit.Shadows.AddRange(create.Shadows(id));
        }
    }

    /// <summary>
    /// Merge Leads for records merged in Dynamics (DESIGN B17), the master's person winning. 1004 means one of the two
    /// is already gone (a repeated cycle whose merge landed, or a person deleted meanwhile): nothing is left to merge.
    /// Any other refusal is reported on the master; the subordinate's link is dropped either way, as its record is
    /// deactivated in Dynamics.
    /// </summary>
    private async Task MergeInMarketoAsync(IReadOnlyList<MarketoMerge> merges, CycleCommit commit, CancellationToken cancellationToken)
    {
        foreach (var merge in merges)
        {
            try
            {
                await marketo.MergeLeadsAsync(merge.Winner, merge.Loser, cancellationToken).ConfigureAwait(false);
                commit.MarketoWritten++;
            }
            catch (MarketoApiException ex) when (ex is not (MarketoQuotaExceededException or MarketoTransientException))
            {
                if (ex.Code == NotFoundReason)
                {
                    continue;
                }

                commit.Rejections.Add(new Rejection
                {
                    Direction = SyncDirection.ToMarketo,
                    Operation = "Merge",
                    Record = merge.Master,
                    MarketoId = merge.Winner,
                    Fields = [],
                    ErrorCode = ex.Code,
                    Message = string.Create(
                        CultureInfo.InvariantCulture,
                        $"Marketo refused to merge person {merge.Loser} (of {merge.Subordinate}) into person {merge.Winner}: {ex.Code} {ex.Message}. Merge them in Marketo by hand; {merge.Subordinate} is no longer linked."),
                    OccurredOn = time.GetUtcNow(),
                });
            }
        }
    }

    /// <summary>Writes the agent's own Booleans by id; a person deleted in Marketo meanwhile has nothing left to mark.</summary>
    private async Task SetFlagsAsync(IReadOnlyList<MarketoFlag> flags, CycleCommit commit, CancellationToken cancellationToken)
    {
        if (flags.Count == 0)
        {
            return;
        }

        var records = flags.Select(f => new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            ["id"] = JsonSerializer.SerializeToElement(f.MarketoId),
            [f.Field] = JsonSerializer.SerializeToElement(f.Value),
        }).ToList();
        var results = await marketo.SyncLeadsAsync(SyncLeadsAction.UpdateOnly, "id", records, cancellationToken).ConfigureAwait(false);
        foreach (var result in results)
        {
            var flag = flags[result.Index];
            if (result.Succeeded)
            {
                commit.MarketoWritten++;
            }
            else if (!result.Reasons.Any(r => r.Code == NotFoundReason))
            {
                commit.Rejections.Add(new Rejection
                {
                    Direction = SyncDirection.ToMarketo,
                    Operation = "Mark deleted",
                    MarketoId = flag.MarketoId,
                    Fields = [new RejectedField(flag.Field, FieldValue.FromBoolean(flag.Value))],
                    ErrorCode = result.Reasons.Count > 0 ? result.Reasons[0].Code : null,
                    Message = result.Reasons.Count > 0
                        ? string.Join("; ", result.Reasons.Select(r => $"{r.Code} {r.Message}"))
                        : "Marketo skipped the record without a reason.",
                    OccurredOn = time.GetUtcNow(),
                });
            }
        }
    }

    private async Task UpdateMarketoAsync(IReadOnlyList<MarketoUpdate> updates, CycleCommit commit, CancellationToken cancellationToken)
    {
        if (updates.Count == 0)
        {
            return;
        }

        var records = updates.Select(u => ToMarketoRecord(u.Fields, u.Link.MarketoId)).ToList();
        var results = await marketo.SyncLeadsAsync(SyncLeadsAction.UpdateOnly, "id", records, cancellationToken).ConfigureAwait(false);
        foreach (var result in results)
        {
            var update = updates[result.Index];
            if (result.Succeeded)
            {
                commit.MarketoWritten++;
                commit.Shadows.AddRange(update.Shadows());
            }
            else if (result.Reasons.Any(r => r.Code == NotFoundReason))
            {
                commit.Unlinks.Add((update.Link.MarketoId, UnlinkReasonTexts.DeletedInMarketo));

                // Visible in status and on the record: its changes no longer have anywhere to go.
                commit.Rejections.Add(MarketoRejection("Update", update.Link.Record, null, update.Fields, result.Reasons) with
                {
                    Message = string.Create(
                        CultureInfo.InvariantCulture,
                        $"Marketo person {update.Link.MarketoId} was deleted in Marketo, so {update.Link.Record} was unlinked and its changes no longer sync. Link it again with `crmsync sync-person` or by giving it the email of an existing person."),
                });
            }
            else
            {
                commit.Rejections.Add(MarketoRejection("Update", update.Link.Record, update.Link.MarketoId, update.Fields, result.Reasons));
            }
        }
    }

    /// <summary>Updates linked Dynamics records (one changeset each) and adds their shadows, unlinks and rejections to <paramref name="commit"/>.</summary>
    public Task UpdateInDynamicsAsync(IReadOnlyList<DynamicsUpdate> updates, CycleCommit commit, CancellationToken cancellationToken) =>
        UpdateDynamicsAsync(updates, commit, cancellationToken);

    private async Task UpdateDynamicsAsync(IReadOnlyList<DynamicsUpdate> updates, CycleCommit commit, CancellationToken cancellationToken)
    {
        if (updates.Count == 0)
        {
            return;
        }

        var writes = new List<RecordWrite>(updates.Count);
        foreach (var update in updates)
        {
            var body = ValueConverter.ToDataverseBody(dataverse.ServiceRoot, update.Fields);
            writes.Add(RecordWrite.Update(
                update.Link.MarketoId.ToString(CultureInfo.InvariantCulture), update.Link.Entity.ToLogicalName(), update.Link.Record.Id, body));
        }

        var results = await dataverse.ApplyWritesAsync(writes, cancellationToken).ConfigureAwait(false);
        var failed = 0;
        for (var i = 0; i < results.Count; i++)
        {
            var update = updates[i];
            var result = results[i];
            switch (result.Outcome)
            {
                case RecordWriteOutcome.Succeeded or RecordWriteOutcome.AlreadyExists:
                    commit.DynamicsWritten++;
                    commit.Shadows.AddRange(update.Shadows());
                    break;
                case RecordWriteOutcome.NotFound:
                    commit.Unlinks.Add((update.Link.MarketoId, UnlinkReasonTexts.RecordGone));
                    break;
                case RecordWriteOutcome.Rejected:
                    commit.Rejections.Add(CycleRejections.DynamicsRefused(
                        "Update", update.Link.Record, update.Link.MarketoId, update.Fields, result.ErrorCode, result.Message, (int)result.Status, time.GetUtcNow()));
                    break;
                default:
                    failed++;
                    break;
            }
        }

        if (failed > 0)
        {
            throw new CycleIncompleteException(string.Create(
                CultureInfo.InvariantCulture,
                $"{failed} Dynamics update(s) failed on the server side after retries; the cycle stops before its commit and the next cycle repeats them."));
        }
    }

    private static Dictionary<string, JsonElement> ToMarketoRecord(IReadOnlyList<PlannedField> fields, long? id)
    {
        var record = new Dictionary<string, JsonElement>(fields.Count + 1, StringComparer.Ordinal);
        if (id is { } personId)
        {
            record["id"] = JsonSerializer.SerializeToElement(personId);
        }

        foreach (var field in fields)
        {
            // The engine translated every value it planned for Marketo; one it could not translate is a rejection, not here.
            var sent = field.MarketoValue ?? throw new InvalidOperationException(
                $"The plan holds field '{field.Map.Marketo}' for Marketo without the engine's translated value.");
            record[field.Map.Marketo] = ValueConverter.ToMarketo(sent, field.Map.Kind);
        }

        return record;
    }

    private Rejection MarketoRejection(string operation, RecordKey record, long? marketoId, IReadOnlyList<PlannedField> fields, IReadOnlyList<MarketoReason> reasons) => new()
    {
        Direction = SyncDirection.ToMarketo,
        Operation = operation,
        Record = record,
        MarketoId = marketoId,
        Fields = [.. fields.Select(f => new RejectedField(f.Map.Marketo, f.Value))],
        ErrorCode = reasons.Count > 0 ? reasons[0].Code : null,
        Message = reasons.Count > 0 ? string.Join("; ", reasons.Select(r => $"{r.Code} {r.Message}")) : "Marketo skipped the record without a reason.",
        OccurredOn = time.GetUtcNow(),
    };
}
