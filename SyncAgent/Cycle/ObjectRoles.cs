using System.Text.Json;
using CrmSync.SyncAgent.Cycle.Ports;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>
/// The person roles of a one-way kind (DESIGN B16: an opportunity's customer contact → a Marketo opportunity role on
/// the contact's linked person). A role needs the person: a role whose contact is not linked yet is kept in the state
/// (cursor <see cref="PendingCursor"/>, committed with the cycle's links) and written by a later cycle once the contact
/// links, so it is never lost. The Engine decides which contact (<see cref="ObjectPlanner.RoleContact"/>); this class
/// finds the person and carries the write out.
/// </summary>
internal sealed class ObjectRoles(MarketoPort marketo, StateStore state)
{
    /// <summary>The cursor holding <paramref name="kind"/>'s roles whose contact is not linked yet (JSON: record id → contact id).</summary>
    public static string PendingCursor(EntityKind kind) => $"objects.{kind.Name}.roles.pending";

    /// <summary>The roles waiting for their contact's link.</summary>
    public async Task<Dictionary<Guid, Guid>> LoadPendingAsync(EntityKind kind, CancellationToken cancellationToken)
    {
        var text = kind.RoleObject is null ? null : await state.GetCursorAsync(PendingCursor(kind), cancellationToken).ConfigureAwait(false);
        return string.IsNullOrEmpty(text) ? [] : JsonSerializer.Deserialize(text, NoticeJsonContext.Default.DictionaryGuidGuid) ?? [];
    }

    /// <summary>The cursor value of <paramref name="pending"/> (null when none waits).</summary>
    public static string? Serialize(Dictionary<Guid, Guid> pending) =>
        pending.Count == 0 ? null : JsonSerializer.Serialize(pending, NoticeJsonContext.Default.DictionaryGuidGuid);

    /// <summary>
    /// Writes <paramref name="roles"/> (record id → contact id) for the contacts that are linked, as role
    /// <paramref name="mapping"/>.<see cref="ObjectMapping.RoleName"/> (primary); returns the roles written, the ones
    /// still waiting for a link, and the refused ones as (record id, code, message).
    /// </summary>
    public async Task<RoleWrite> WriteAsync(ObjectMapping mapping, IReadOnlyDictionary<Guid, Guid> roles, CancellationToken cancellationToken)
    {
        var kind = mapping.Kind;
        var result = new RoleWrite();
        if (roles.Count == 0)
        {
            return result;
        }

        var links = await state.GetLinksAsync(roles.Values.Distinct().Select(c => new RecordKey(SyncEntity.Contact, c)), cancellationToken).ConfigureAwait(false);
        var persons = links.ToDictionary(l => l.Record.Id, l => l.MarketoId);
        var written = new List<Guid>();
        var records = new List<IReadOnlyDictionary<string, JsonElement>>();
        foreach (var (id, contact) in roles)
        {
            if (!persons.TryGetValue(contact, out var person))
            {
                result.Waiting[id] = contact;
                continue;
            }

            written.Add(id);
            records.Add(new Dictionary<string, JsonElement>(StringComparer.Ordinal)
            {
                [kind.ExternalIdField!] = JsonSerializer.SerializeToElement(OneWaySync.ExternalId(id)),
                ["leadId"] = JsonSerializer.SerializeToElement(person),
                ["role"] = JsonSerializer.SerializeToElement(mapping.RoleName),
                ["isPrimary"] = JsonSerializer.SerializeToElement(true),
            });
        }

        if (records.Count == 0)
        {
            return result;
        }

        var results = await marketo.SyncObjectsAsync(kind.RoleObject!, records, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < results.Count; i++)
        {
            if (results[i].Succeeded)
            {
                result.Written++;
            }
            else
            {
                var reason = results[i].Reasons.FirstOrDefault();
                result.Refused.Add((written[i], reason?.Code, reason?.Message ?? "Marketo did not apply the opportunity role."));
            }
        }

        return result;
    }

    /// <summary>
    /// Deletes the roles left behind on records whose contact changed (<see cref="ObjectPlan.RolesReplaced"/>): found by
    /// the external id, deleted by their dedupe fields (<c>externalOpportunityId</c>, <c>leadId</c>, <c>role</c>) when
    /// <see cref="ObjectPlanner.IsStaleRole"/> says so. Returns the roles deleted and the refused deletes.
    /// </summary>
    public async Task<RoleWrite> RemoveStaleAsync(ObjectMapping mapping, IReadOnlyList<ObjectRoleReplaced> replaced, CancellationToken cancellationToken)
    {
        var kind = mapping.Kind;
        var result = new RoleWrite();
        if (kind.RoleObject is null || replaced.Count == 0)
        {
            return result;
        }

        var contacts = replaced.Where(r => r.ContactId is not null).Select(r => new RecordKey(SyncEntity.Contact, r.ContactId!.Value)).Distinct().ToList();
        var persons = contacts.Count == 0 ? []
            : (await state.GetLinksAsync(contacts, cancellationToken).ConfigureAwait(false)).ToDictionary(l => l.Record.Id, l => l.MarketoId);
        var kept = replaced.ToDictionary(r => OneWaySync.ExternalId(r.Id),
            r => r.ContactId is { } c && persons.TryGetValue(c, out var person) ? person : (long?)null, StringComparer.OrdinalIgnoreCase);
        var key = DedupeFields(kind);
        var found = await marketo.GetObjectsByFilterAsync(kind.RoleObject, kind.ExternalIdField!, kept.Keys, key, cancellationToken).ConfigureAwait(false);
        var stale = found.Where(r => r.TryGetProperty(kind.ExternalIdField!, out var external) && external.GetString() is { } id && kept.TryGetValue(id, out var person)
            && r.TryGetProperty("leadId", out var lead) && lead.TryGetInt64(out var leadId)
            && ObjectPlanner.IsStaleRole(mapping.RoleName, person, leadId, r.TryGetProperty("role", out var role) ? role.GetString() : null)).ToList();
        if (stale.Count == 0)
        {
            return result;
        }

        var keys = stale.Select(r => KeyOf(r, key)).ToList();
        var deleted = await marketo.DeleteObjectsAsync(kind.RoleObject, keys, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < deleted.Count; i++)
        {
            // Not found: deleted meanwhile (by a marketer, or a crashed cycle's earlier run): gone either way.
            if (deleted[i].Succeeded || deleted[i].Reasons.Any(r => r.Code == Marketo.MarketoErrorCodes.ObjectNotFound))
            {
                result.Written += deleted[i].Succeeded ? 1 : 0;
            }
            else
            {
                var reason = deleted[i].Reasons.FirstOrDefault();
                var id = Guid.Parse(stale[i].GetProperty(kind.ExternalIdField!).GetString()!);
                result.Refused.Add((id, reason?.Code, reason?.Message ?? "Marketo did not delete the former contact's opportunity role."));
            }
        }

        return result;
    }

    /// <summary>Deletes every role on the records <paramref name="ids"/> (found by the external id); returns how many were deleted.</summary>
    public async Task<int> DeleteAllAsync(EntityKind kind, IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        if (kind.RoleObject is null || ids.Count == 0)
        {
            return 0;
        }

        var key = DedupeFields(kind);
        var found = await marketo.GetObjectsByFilterAsync(kind.RoleObject, kind.ExternalIdField!, ids.Select(OneWaySync.ExternalId), key, cancellationToken)
            .ConfigureAwait(false);
        if (found.Count == 0)
        {
            return 0;
        }

        var keys = found.Select(r => KeyOf(r, key)).ToList();
        var deleted = await marketo.DeleteObjectsAsync(kind.RoleObject, keys, cancellationToken).ConfigureAwait(false);
        return deleted.Count(d => d.Succeeded);
    }

    /// <summary>An opportunity role's dedupe fields (Opportunity Roles page): the record's external id, the lead and the role.</summary>
    private static string[] DedupeFields(EntityKind kind) => [kind.ExternalIdField!, "leadId", "role"];

    /// <summary>The dedupe fields <paramref name="role"/> carries, as a Delete's key.</summary>
    private static IReadOnlyDictionary<string, JsonElement> KeyOf(JsonElement role, string[] fields) =>
        fields.Where(f => role.TryGetProperty(f, out _)).ToDictionary(f => f, f => role.GetProperty(f).Clone(), StringComparer.Ordinal);
}

/// <summary>What <see cref="ObjectRoles.WriteAsync"/> did.</summary>
internal sealed class RoleWrite
{
    /// <summary>Roles written.</summary>
    public int Written { get; set; }

    /// <summary>Roles whose contact is not linked yet: record id → contact id.</summary>
    public Dictionary<Guid, Guid> Waiting { get; } = [];

    /// <summary>Roles Marketo refused: the record, the code and the message.</summary>
    public List<(Guid Id, string? Code, string Message)> Refused { get; } = [];
}
