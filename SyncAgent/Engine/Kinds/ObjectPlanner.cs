using System.Globalization;

namespace CrmSync.SyncAgent.Engine;

/// <summary>
/// Decides the Marketo writes of a one-way kind (DESIGN B16): Dynamics is the only source, so there is no collision and
/// no echo; per record the changes fold in staging order. A delete deletes the Marketo object by its external id; a
/// create or update writes the mapped columns it carries (a create always writes, so the object exists even with no
/// value), a choice as its label in the configured language. A choice without a label is left out and reported; the
/// record's other fields are written. A merge (DESIGN B17) writes the master whole (created if Marketo lacks it) and
/// deletes the subordinate's object after the persons have moved (<see cref="ObjectPlan.MergedAway"/>); the
/// subordinate's later changes in the same batch are dropped (its own deactivation, say), so it is not written again.
/// </summary>
internal static class ObjectPlanner
{
    /// <summary>The plan for <paramref name="changes"/> (in staging order) of <paramref name="mapping"/>'s kind.</summary>
    public static ObjectPlan Plan(ObjectMapping mapping, IEnumerable<ObjectChange> changes)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(changes);
        var folded = new Dictionary<Guid, (bool Deleted, bool Created, Dictionary<string, FieldValue> Values)>();
        var order = new List<Guid>();
        var mergedAway = new Dictionary<Guid, Guid>();
        foreach (var change in changes)
        {
            if (change.Kind != mapping.Kind || mergedAway.ContainsKey(change.Id))
            {
                continue;
            }

            if (change.Message == CrmMessage.Merge && change.SubordinateId is { } subordinate && subordinate != change.Id)
            {
                mergedAway[subordinate] = change.Id;
                folded.Remove(subordinate);
                order.Remove(subordinate);
            }

            if (!folded.TryGetValue(change.Id, out var state))
            {
                order.Add(change.Id);
                state = (false, false, new Dictionary<string, FieldValue>(StringComparer.OrdinalIgnoreCase));
            }

            if (change.Message == CrmMessage.Delete)
            {
                state = (true, false, new Dictionary<string, FieldValue>(StringComparer.OrdinalIgnoreCase));
            }
            else
            {
                // A merge's master is written whole and created if Marketo lacks it, like a create.
                state = (false, state.Created || change.Message is CrmMessage.Create or CrmMessage.Merge || state.Deleted, state.Values);
                foreach (var (column, value) in change.Attributes)
                {
                    state.Values[column] = value;
                }
            }

            folded[change.Id] = state;
        }

        var plan = new ObjectPlan(mapping.Kind);
        foreach (var id in order)
        {
            var (deleted, created, values) = folded[id];
            if (deleted)
            {
                plan.Deletes.Add(id);
                continue;
            }

            var fields = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
            foreach (var field in mapping.Fields)
            {
                if (!values.TryGetValue(field.Dynamics, out var value))
                {
                    continue;
                }

                var translated = ToMarketo(field, value);
                if (translated.Problem is { } problem)
                {
                    plan.Problems.Add(new ObjectProblem(id, field.Marketo, problem));
                }
                else
                {
                    fields[field.Marketo] = translated.Value;
                }
            }

            if (created || fields.Count > 0)
            {
                plan.Upserts.Add(new ObjectUpsert(id, fields));
            }

            var contact = RoleContact(mapping.Kind, values);
            if (contact is { } named)
            {
                plan.Roles.Add(new ObjectRole(id, named));
            }

            // An update that touched a role column may have moved the record to another contact (or to none): the old
            // contact's role must go. A record created in this batch has no older role.
            if (!created && mapping.Kind.RoleColumns.Any(values.ContainsKey))
            {
                plan.RolesReplaced.Add(new ObjectRoleReplaced(id, contact));
            }
        }

        foreach (var (subordinate, master) in mergedAway)
        {
            plan.MergedAway.Add(new ObjectMergedAway(subordinate, master));
        }

        return plan;
    }

    /// <summary>
    /// The contact of the first of the kind's role columns among <paramref name="values"/> that names a contact (a
    /// customer that is an account gives none, so <c>parentcontactid</c> is next); null when none does.
    /// </summary>
    public static Guid? RoleContact(EntityKind kind, IReadOnlyDictionary<string, FieldValue> values)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(values);
        foreach (var column in kind.RoleColumns)
        {
            if (values.TryGetValue(column, out var value) && value.Text is { } text
                && text.StartsWith(ContactPrefix, StringComparison.OrdinalIgnoreCase) && Guid.TryParse(text.AsSpan(ContactPrefix.Length), out var contact))
            {
                return contact;
            }
        }

        return null;
    }

    private const string ContactPrefix = "contact:";

    /// <summary>
    /// Whether a role found in Marketo on a record whose contact changed goes: it is CrmSync's role (named
    /// <paramref name="roleName"/>) on a person other than <paramref name="keptPerson"/> (the new contact's person; null when
    /// the record names no linked contact now). Roles under other names were not written by CrmSync and stay.
    /// </summary>
    public static bool IsStaleRole(string? roleName, long? keptPerson, long leadId, string? role) =>
        string.Equals(role, roleName, StringComparison.Ordinal) && leadId != keptPerson;

    /// <summary>A choice as its label (DESIGN B14), a <see cref="ObjectField.TrueWhen"/> field as a Boolean; other values as they are.</summary>
    public static Translation ToMarketo(ObjectField field, FieldValue value)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.TrueWhen is { } trueWhen)
        {
            return value.IsNull ? Translation.Of(FieldValue.Null)
                : value.TryGetDecimal(out var choice) && decimal.IsInteger(choice)
                    ? Translation.Of(FieldValue.FromBoolean(trueWhen.Contains((int)choice)))
                    : Translation.Refused(string.Create(CultureInfo.InvariantCulture,
                        $"Value '{value.Text}' of {field.Dynamics} is not a choice value, so Marketo field '{field.Marketo}' cannot say whether it is one of {string.Join(", ", trueWhen)}."));
        }

        if (value.IsNull || field.Kind != FieldKind.OptionSet || field.Column?.Options is not { } options)
        {
            return Translation.Of(value);
        }

        var label = int.TryParse(value.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? options.FirstOrDefault(o => o.Value == number)?.Label
            : null;
        return string.IsNullOrWhiteSpace(label)
            ? Translation.Refused(string.Create(CultureInfo.InvariantCulture,
                $"Value '{value.Text}' of {field.Dynamics} has no label in the configured language, so it cannot be shown in Marketo field '{field.Marketo}'; give the option a label in Dynamics."))
            : Translation.Of(FieldValue.FromString(label.Trim()));
    }
}
