using System.Globalization;
using System.Text.Json;
using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Cycle.Ports;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Marketo;
using CrmSync.SyncAgent.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>
/// The cycle's step for the one-way kinds (DESIGN B16: accounts → Marketo companies). It gathers input and carries out
/// the <see cref="ObjectPlanner"/>'s plan: the first time a kind is enabled, every record of its table is written (the
/// kind's backfill; create-or-update by the external id, so an object already in Marketo is updated, never duplicated);
/// then each cycle writes the staged changes: upserts by the external id and deletes by it. Links (kind, Dynamics id →
/// Marketo id) are kept in the state; a write Marketo refuses is recorded as a rejection and the others go on.
/// </summary>
internal sealed partial class OneWaySync(
    CrmPort crm, MarketoPort marketo, StateStore state, ObjectMappings mappings, IOptions<SyncOptions> options, TimeProvider time,
    ILogger<OneWaySync> logger)
{
    private readonly ObjectRoles _roles = new(marketo, state);

    /// <summary>Records read and written per backfill page: one Sync call of Marketo's 300-record limit.</summary>
    public const int PageSize = 300;

    /// <summary>Whether any one-way kind is enabled.</summary>
    public bool Enabled => mappings.Mappings.Count > 0;

    /// <summary>The cursor that says a kind's backfill is done (its value: when).</summary>
    public static string BackfilledCursor(EntityKind kind) => $"objects.{kind.Name}.backfilled";

    /// <summary>The enabled kinds' fields with their columns' metadata (choice labels in <c>CrmSync:Sync:LanguageCode</c>).</summary>
    public async Task<ObjectMappings> ResolveAsync(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return mappings;
        }

        var resolved = new List<ObjectMapping>();
        foreach (var mapping in mappings.Mappings)
        {
            var columns = await crm.GetColumnAccessAsync(mapping.Kind.DynamicsTable, cancellationToken).ConfigureAwait(false);
            resolved.Add(mapping with
            {
                Fields = [.. mapping.Fields.Select(f => columns.Find(f.Dynamics) is { } column ? WithColumn(f, column) : f)],
            });
        }

        return new ObjectMappings(resolved);
    }

    /// <summary>Writes every record of each enabled kind not backfilled yet; returns the objects written and the rejections stored.</summary>
    public async Task<ObjectSyncResult> BackfillAsync(ObjectMappings resolved, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        var total = new ObjectSyncResult();
        foreach (var mapping in resolved.Mappings)
        {
            var cursor = BackfilledCursor(mapping.Kind);
            if (await state.GetCursorAsync(cursor, cancellationToken).ConfigureAwait(false) is not null)
            {
                continue;
            }

            var page = new List<ObjectChange>(PageSize);
            // A role column is a lookup: the Web API reads it as _x_value, with its table in an annotation.
            var columns = mapping.DynamicsColumns.Select(c => mapping.IsRoleColumn(c) ? Dataverse.DataverseRecord.LookupColumn(c) : c).ToList();
            await foreach (var record in crm.ReadAllAsync(mapping.Kind.DynamicsTable, columns, null, cancellationToken).ConfigureAwait(false))
            {
                page.Add(new ObjectChange(mapping.Kind, record.Id, CrmMessage.Create, mapping.DynamicsColumns.ToDictionary(
                    c => c, c => ValueConverter.FromDataverse(record.GetValue(c), mapping.ByDynamics(c)?.ReadKind ?? FieldKind.Lookup), StringComparer.OrdinalIgnoreCase)));
                if (page.Count == PageSize)
                {
                    total.Add(await CommitAsync(mapping, page, null, null, cancellationToken).ConfigureAwait(false));
                    page.Clear();
                }
            }

            total.Add(await CommitAsync(mapping, page, cursor, null, cancellationToken).ConfigureAwait(false));
            LogBackfilled(logger, mapping.Kind.Name, total.Written);
        }

        return total;
    }

    /// <summary>Writes the staged <paramref name="changes"/> of the enabled kinds; returns the objects written and the rejections stored.</summary>
    public async Task<ObjectSyncResult> ApplyAsync(ObjectMappings resolved, IReadOnlyList<ObjectChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        ArgumentNullException.ThrowIfNull(changes);
        var total = new ObjectSyncResult();
        foreach (var mapping in resolved.Mappings)
        {
            var ofKind = changes.Where(c => c.Kind == mapping.Kind).ToList();
            // Roles waiting for their contact's link are tried again every cycle, changes or not. Read once per kind and
            // chunk: the commit below goes on with this copy.
            var pending = await _roles.LoadPendingAsync(mapping.Kind, cancellationToken).ConfigureAwait(false);
            if (ofKind.Count > 0 || pending.Count > 0)
            {
                ofKind = await WithMastersAsync(mapping, ofKind, cancellationToken).ConfigureAwait(false);
                ofKind = await WithRoleColumnsAsync(mapping, ofKind, cancellationToken).ConfigureAwait(false);
                total.Add(await CommitAsync(mapping, ofKind, null, pending, cancellationToken).ConfigureAwait(false));
            }
        }

        return total;
    }

    /// <summary>
    /// Deletes the Marketo objects of the records merged away in Dynamics (<see cref="ObjectPlan.MergedAway"/>), once the
    /// cycle has written the persons. Run again after a crash (the merge row is still staged), it finds them gone: not
    /// found counts as deleted.
    /// </summary>
    public async Task<ObjectSyncResult> DeleteMergedAwayAsync(ObjectSyncResult applied, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(applied);
        var total = new ObjectSyncResult();
        foreach (var group in applied.MergedAway.GroupBy(m => m.Kind))
        {
            var now = time.GetUtcNow();
            var result = new ObjectSyncResult();
            var unlinked = await DeleteAsync(group.Key, [.. group.Select(m => m.Subordinate)], result, now, cancellationToken).ConfigureAwait(false);
            await using var transaction = await state.BeginAsync(cancellationToken).ConfigureAwait(false);
            await transaction.RemoveObjectLinksAsync(group.Key, unlinked, cancellationToken).ConfigureAwait(false);
            foreach (var rejection in result.Rejections)
            {
                await transaction.AddRejectionAsync(rejection, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            foreach (var merged in group)
            {
                LogMergedAway(logger, group.Key.Name, ExternalId(merged.Subordinate), ExternalId(merged.Master));
            }

            total.Add(result);
        }

        return total;
    }

    /// <summary>
    /// Writes the roles still waiting for their contact's link, now that the cycle's persons are linked (a contact created
    /// with its opportunity links in the same cycle, after the opportunity was written); the rest go on waiting. Returns
    /// the roles written.
    /// </summary>
    public async Task<int> WriteWaitingRolesAsync(ObjectMappings resolved, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        var total = 0;
        foreach (var mapping in resolved.Mappings.Where(m => m.Kind.RoleObject is not null))
        {
            var pending = await _roles.LoadPendingAsync(mapping.Kind, cancellationToken).ConfigureAwait(false);
            if (pending.Count == 0)
            {
                continue;
            }

            var now = time.GetUtcNow();
            var write = await _roles.WriteAsync(mapping, pending, cancellationToken).ConfigureAwait(false);
            await using var transaction = await state.BeginAsync(cancellationToken).ConfigureAwait(false);
            await transaction.SetCursorAsync(ObjectRoles.PendingCursor(mapping.Kind), ObjectRoles.Serialize(write.Waiting), cancellationToken).ConfigureAwait(false);
            foreach (var rejection in RolesRefused(mapping.Kind, write, now))
            {
                await transaction.AddRejectionAsync(rejection, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            total += write.Written;
        }

        return total;
    }

    /// <summary>A merge's master is written whole: its mapped columns as Dynamics holds them now (one read per cycle).</summary>
    private async Task<List<ObjectChange>> WithMastersAsync(ObjectMapping mapping, List<ObjectChange> changes, CancellationToken cancellationToken)
    {
        var masters = changes.Where(c => c.Message == CrmMessage.Merge).Select(c => c.Id).ToHashSet();
        if (masters.Count == 0)
        {
            return changes;
        }

        var current = new Dictionary<Guid, IReadOnlyDictionary<string, FieldValue>>();
        await foreach (var record in crm.ReadByIdsAsync(mapping.Kind.DynamicsTable, masters, mapping.DynamicsColumns, cancellationToken).ConfigureAwait(false))
        {
            current[record.Id] = mapping.Fields.ToDictionary(
                f => f.Dynamics, f => ValueConverter.FromDataverse(record.GetValue(f.Dynamics), f.Kind), StringComparer.OrdinalIgnoreCase);
        }

        // A master deleted since has no values: its own Delete row follows in the staging order.
        return [.. changes.Select(c => c.Message == CrmMessage.Merge && current.TryGetValue(c.Id, out var values) ? c with { Attributes = values } : c)];
    }

    /// <summary>
    /// An update staged only the role columns it changed; which contact gets the role depends on both (the customer
    /// first), so a change that carries some of them gets the others as Dynamics holds them now (one read per chunk).
    /// </summary>
    private async Task<List<ObjectChange>> WithRoleColumnsAsync(ObjectMapping mapping, List<ObjectChange> changes, CancellationToken cancellationToken)
    {
        var roleColumns = mapping.Kind.RoleColumns;
        bool Partial(ObjectChange c) => c.Message == CrmMessage.Update
            && roleColumns.Any(c.Attributes.ContainsKey) && !roleColumns.All(c.Attributes.ContainsKey);
        var ids = changes.Where(Partial).Select(c => c.Id).ToHashSet();
        if (ids.Count == 0)
        {
            return changes;
        }

        var current = new Dictionary<Guid, Dataverse.DataverseRecord>();
        var columns = roleColumns.Select(Dataverse.DataverseRecord.LookupColumn).ToList();
        await foreach (var record in crm.ReadByIdsAsync(mapping.Kind.DynamicsTable, ids, columns, cancellationToken).ConfigureAwait(false))
        {
            current[record.Id] = record;
        }

        // A record deleted since keeps what it staged: its own Delete row follows in the staging order.
        return [.. changes.Select(c => !Partial(c) || !current.TryGetValue(c.Id, out var record) ? c : c with
        {
            Attributes = roleColumns.Where(r => !c.Attributes.ContainsKey(r))
                .ToDictionary(r => r, r => ValueConverter.FromDataverse(record.GetValue(r), FieldKind.Lookup), StringComparer.OrdinalIgnoreCase)
                .Concat(c.Attributes).ToDictionary(StringComparer.OrdinalIgnoreCase),
        })];
    }

    /// <summary>
    /// Plans <paramref name="changes"/>, writes Marketo, then stores links, unlinks, rejections (and <paramref name="doneCursor"/>)
    /// in one transaction. <paramref name="loadedPending"/>: the waiting roles when the caller has just read them.
    /// </summary>
    private async Task<ObjectSyncResult> CommitAsync(
        ObjectMapping mapping, IReadOnlyList<ObjectChange> changes, string? doneCursor, Dictionary<Guid, Guid>? loadedPending, CancellationToken cancellationToken)
    {
        var kind = mapping.Kind;
        var plan = ObjectPlanner.Plan(mapping, changes);
        var now = time.GetUtcNow();
        var result = new ObjectSyncResult();
        var links = new List<ObjectLink>();
        var unlinked = new List<Guid>();
        var refusedUpserts = new HashSet<Guid>();
        foreach (var problem in plan.Problems)
        {
            result.Rejections.Add(Rejected(kind, problem.Id, null, problem.Problem, problem.Field is null ? [] : [problem.Field], now));
        }

        if (plan.Upserts.Count > 0)
        {
            var records = plan.Upserts.Select(u => ToMarketo(mapping, u)).ToList();
            var written = await marketo.SyncObjectsAsync(kind.MarketoObject!, records, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < written.Count; i++)
            {
                var upsert = plan.Upserts[i];
                // A company has an integer id; an opportunity a marketoGUID.
                if (written[i].Succeeded && (written[i].Id?.ToString(CultureInfo.InvariantCulture) ?? written[i].MarketoGuid) is { } id)
                {
                    links.Add(new ObjectLink(kind, upsert.Id, id));
                    result.Written++;
                }
                else
                {
                    refusedUpserts.Add(upsert.Id);
                    var reason = written[i].Reasons.FirstOrDefault();
                    result.Rejections.Add(Rejected(kind, upsert.Id, reason?.Code, reason?.Message ?? "Marketo did not apply the record.", upsert.Fields.Keys, now));
                }
            }
        }

        var pending = loadedPending ?? await _roles.LoadPendingAsync(kind, cancellationToken).ConfigureAwait(false);
        var pendingBefore = ObjectRoles.Serialize(pending);
        if (kind.RoleObject is not null)
        {
            result.Add(await WriteRolesAsync(mapping, plan, refusedUpserts, pending, now, cancellationToken).ConfigureAwait(false));
        }

        if (plan.Deletes.Count > 0)
        {
            unlinked.AddRange(await DeleteAsync(kind, plan.Deletes, result, now, cancellationToken).ConfigureAwait(false));
        }

        result.MergedAway.AddRange(plan.MergedAway.Select(m => (kind, m.Subordinate, m.Master)));
        await using var transaction = await state.BeginAsync(cancellationToken).ConfigureAwait(false);
        await transaction.SetObjectLinksAsync(links, cancellationToken).ConfigureAwait(false);
        await transaction.RemoveObjectLinksAsync(kind, unlinked, cancellationToken).ConfigureAwait(false);
        foreach (var rejection in result.Rejections)
        {
            await transaction.AddRejectionAsync(rejection, cancellationToken).ConfigureAwait(false);
        }

        if (ObjectRoles.Serialize(pending) is var pendingAfter && pendingAfter != pendingBefore)
        {
            await transaction.SetCursorAsync(ObjectRoles.PendingCursor(kind), pendingAfter, cancellationToken).ConfigureAwait(false);
        }

        if (doneCursor is not null)
        {
            await transaction.SetCursorAsync(doneCursor, now.ToString("O", CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (result.Rejections.Count > 0)
        {
            LogRejected(logger, kind.Name, result.Rejections.Count);
        }

        return result;
    }

    /// <summary>Deletes the objects of <paramref name="ids"/> (and their roles) by external id; returns the ids gone (not found counts), refusals added to <paramref name="result"/>.</summary>
    private async Task<List<Guid>> DeleteAsync(EntityKind kind, IReadOnlyList<Guid> ids, ObjectSyncResult result, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var gone = new List<Guid>();
        // The roles go first: Marketo keeps a role whose opportunity is deleted.
        result.Written += await _roles.DeleteAllAsync(kind, ids, cancellationToken).ConfigureAwait(false);
        var keys = ids.Select(id => (IReadOnlyDictionary<string, JsonElement>)new Dictionary<string, JsonElement>
        {
            [kind.ExternalIdField!] = JsonSerializer.SerializeToElement(ExternalId(id)),
        }).ToList();
        var deleted = await marketo.DeleteObjectsAsync(kind.MarketoObject!, keys, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < deleted.Count; i++)
        {
            // Not found (1013) is as good as deleted: the object is gone either way (deleted in Marketo, or never written).
            if (deleted[i].Succeeded || deleted[i].Reasons.Any(r => r.Code == MarketoErrorCodes.ObjectNotFound))
            {
                gone.Add(ids[i]);
                result.Written += deleted[i].Succeeded ? 1 : 0;
            }
            else
            {
                var reason = deleted[i].Reasons.FirstOrDefault();
                result.Rejections.Add(Rejected(kind, ids[i], reason?.Code, reason?.Message ?? "Marketo did not delete the record.", [], now) with { Operation = "delete " + kind.Name });
            }
        }

        return gone;
    }

    /// <summary>
    /// Writes the planned roles (and the ones waiting from earlier cycles, unless the record changed its contact since,
    /// was refused or deleted) for the contacts that are linked; the rest go on waiting in <paramref name="pending"/>.
    /// </summary>
    private async Task<ObjectSyncResult> WriteRolesAsync(
        ObjectMapping mapping, ObjectPlan plan, HashSet<Guid> refusedUpserts, Dictionary<Guid, Guid> pending, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var id in plan.Deletes.Concat(refusedUpserts).Concat(plan.RolesReplaced.Select(r => r.Id)))
        {
            pending.Remove(id);
        }

        // The former contact's role goes before the new one is written.
        var removed = await _roles.RemoveStaleAsync(mapping, plan.RolesReplaced, cancellationToken).ConfigureAwait(false);

        foreach (var role in plan.Roles.Where(r => !refusedUpserts.Contains(r.Id)))
        {
            pending[role.Id] = role.ContactId;
        }

        var write = await _roles.WriteAsync(mapping, pending, cancellationToken).ConfigureAwait(false);
        pending.Clear();
        foreach (var (id, contact) in write.Waiting)
        {
            pending[id] = contact;
        }

        var result = new ObjectSyncResult { Written = write.Written + removed.Written };
        result.Rejections.AddRange(RolesRefused(mapping.Kind, removed, now));
        result.Rejections.AddRange(RolesRefused(mapping.Kind, write, now));

        if (write.Waiting.Count > 0)
        {
            LogRolesWaiting(logger, mapping.Kind.Name, write.Waiting.Count);
        }

        return result;
    }

    private static Dictionary<string, JsonElement> ToMarketo(ObjectMapping mapping, ObjectUpsert upsert)
    {
        var record = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            [mapping.Kind.ExternalIdField!] = JsonSerializer.SerializeToElement(ExternalId(upsert.Id)),
        };
        foreach (var field in mapping.Fields)
        {
            if (upsert.Fields.TryGetValue(field.Marketo, out var value))
            {
                // A choice went through the planner as its label: it is text in Marketo.
                record[field.Marketo] = ValueConverter.ToMarketo(value, field.MarketoKind);
            }
        }

        return record;
    }

    /// <summary>The external id Marketo holds: the Dynamics id, lower-case "D" format as the staging contract writes it.</summary>
    public static string ExternalId(Guid id) => id.ToString("D");

    /// <summary>The rejections of the roles Marketo refused in <paramref name="write"/> (operation <c>role &lt;kind&gt;</c>, field <c>role</c>).</summary>
    private static IEnumerable<Rejection> RolesRefused(EntityKind kind, RoleWrite write, DateTimeOffset now) =>
        write.Refused.Select(r => Rejected(kind, r.Id, r.Code, r.Message, ["role"], now) with { Operation = "role " + kind.Name });

    private static Rejection Rejected(EntityKind kind, Guid id, string? code, string message, IEnumerable<string> fields, DateTimeOffset now) => new()
    {
        Direction = SyncDirection.ToMarketo,
        Operation = "sync " + kind.Name,
        ErrorCode = code,
        Message = $"{kind.DynamicsTable} {ExternalId(id)}: {message}",
        Fields = [.. fields.Select(f => new RejectedField(f, FieldValue.Null))],
        OccurredOn = now,
    };

    private ObjectField WithColumn(ObjectField field, Dataverse.Metadata.ColumnAccess column)
    {
        var type = new ColumnType(
            column.AttributeType ?? "String",
            column.MaxLength,
            column.Options?.Select(o => new OptionLabel(o.Value, o.Labels.GetValueOrDefault(options.Value.LanguageCode))).ToList(),
            column.DateOnly);
        return field with { Column = type, Kind = field.KindFromMetadata ? type.KindOf(field.Kind) : field.Kind };
    }

    [LoggerMessage(EventId = 5250, Level = LogLevel.Information, Message = "Backfill of {Kind} done: {Written} written to Marketo")]
    private static partial void LogBackfilled(ILogger logger, string kind, int written);

    [LoggerMessage(EventId = 5251, Level = LogLevel.Warning, Message = "{Count} {Kind} record(s) could not be written to Marketo; see crmsync status")]
    private static partial void LogRejected(ILogger logger, string kind, int count);

    [LoggerMessage(EventId = 5900, Level = LogLevel.Information, Message = "Merged in Dynamics: {Kind} {Subordinate} into {Master}; the merged-away record's Marketo object is deleted")]
    private static partial void LogMergedAway(ILogger logger, string kind, string subordinate, string master);
    [LoggerMessage(EventId = 5500, Level = LogLevel.Information, Message = "{Count} {Kind} role(s) wait for their contact's link; a later cycle writes them")]
    private static partial void LogRolesWaiting(ILogger logger, string kind, int count);
}

/// <summary>What <see cref="OneWaySync"/> wrote and refused.</summary>
internal sealed class ObjectSyncResult
{
    /// <summary>Marketo objects created, updated or deleted.</summary>
    public int Written { get; set; }

    /// <summary>The rejections stored.</summary>
    public List<Rejection> Rejections { get; } = [];

    /// <summary>Records merged away in Dynamics whose objects <see cref="OneWaySync.DeleteMergedAwayAsync"/> deletes after the persons' writes.</summary>
    public List<(EntityKind Kind, Guid Subordinate, Guid Master)> MergedAway { get; } = [];

    /// <summary>Adds <paramref name="other"/> to this result.</summary>
    public void Add(ObjectSyncResult other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Written += other.Written;
        Rejections.AddRange(other.Rejections);
        MergedAway.AddRange(other.MergedAway);
    }
}
