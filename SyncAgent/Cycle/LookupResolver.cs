using CrmSync.SyncAgent.Cycle.Ports;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>
/// Gathers the readable value of staged lookups (DESIGN B14): a lookup field travels to Marketo as the referenced
/// record's e-mail or name (<see cref="FieldMap.LookupValue"/>), so a staged reference (<c>systemuser:&lt;id&gt;</c>) is
/// replaced by that text, read once per cycle for all references at once. A reference whose record cannot be read
/// becomes blank. A lookup shown as <see cref="LookupDisplay.ExternalId"/> needs no read: it is the referenced account's
/// id (the Marketo company's external id). This only gathers input; the engine decides what to write.
/// </summary>
internal static class LookupResolver
{
    /// <summary>The columns read per referenced table: its name column and its e-mail column.</summary>
    private static readonly Dictionary<string, (string Name, string Email)> Readable = new(StringComparer.Ordinal)
    {
        ["systemuser"] = ("fullname", "internalemailaddress"),
        ["account"] = ("name", "emailaddress1"),
        ["contact"] = ("fullname", "emailaddress1"),
        ["lead"] = ("fullname", "emailaddress1"),
    };

    /// <summary>Replaces, in place, every staged lookup value of <paramref name="changes"/> by its readable value.</summary>
    public static async Task ResolveAsync(CrmPort dataverse, FieldMapping mapping, List<CrmChange> changes, CancellationToken cancellationToken)
    {
        var wanted = new Dictionary<string, HashSet<Guid>>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            foreach (var (attribute, value) in change.Attributes)
            {
                if (IsLookup(mapping, change, attribute, out var map) && map.LookupValue != LookupDisplay.ExternalId
                    && TryParse(value, out var table, out var id) && Readable.ContainsKey(table))
                {
                    (wanted.TryGetValue(table, out var ids) ? ids : wanted[table] = []).Add(id);
                }
            }
        }

        var found = new Dictionary<(string, Guid), (string? Name, string? Email)>();
        foreach (var (table, ids) in wanted)
        {
            var (name, email) = Readable[table];
            await foreach (var record in dataverse.ReadByIdsAsync(table, ids, [name, email], cancellationToken).ConfigureAwait(false))
            {
                found[(table, record.Id)] = (record.GetString(name), record.GetString(email));
            }
        }

        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            Dictionary<string, FieldValue>? resolved = null;
            foreach (var (attribute, value) in change.Attributes)
            {
                if (!IsLookup(mapping, change, attribute, out var map) || value.IsNull)
                {
                    continue;
                }

                var readable = !TryParse(value, out var table, out var id) ? null
                    : map.LookupValue == LookupDisplay.ExternalId ? (EntityKinds.OneWayFor(table) is null ? null : id.ToString("D"))
                    : found.TryGetValue((table, id), out var names) ? (map.LookupValue == LookupDisplay.Email ? names.Email : names.Name)
                    : null;
                resolved ??= new Dictionary<string, FieldValue>(change.Attributes, StringComparer.OrdinalIgnoreCase);
                resolved[attribute] = FieldValue.FromString(readable);
            }

            if (resolved is not null)
            {
                changes[i] = change with { Attributes = resolved };
            }
        }
    }

    private static bool IsLookup(FieldMapping mapping, CrmChange change, string attribute, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out FieldMap? map) =>
        mapping.TryGetByDynamics(change.Record.Entity, attribute, out map) && map.Kind == FieldKind.Lookup;

    /// <summary>A staged reference as the engine holds it: <c>table:id</c> (see <see cref="Dataverse.Staging.ChangeValue"/>).</summary>
    private static bool TryParse(FieldValue value, out string table, out Guid id)
    {
        var text = value.Text;
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        table = colon > 0 ? text![..colon] : "";
        id = Guid.Empty;
        return colon > 0 && Guid.TryParse(text.AsSpan(colon + 1), out id);
    }
}
