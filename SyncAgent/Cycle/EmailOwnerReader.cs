using CrmSync.SyncAgent.Cycle.Ports;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Marketo;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>
/// Gathers the engine's <see cref="PlanInput.EmailOwners"/>: the Marketo persons that hold the e-mails a set of
/// Dynamics changes carries (Get Leads by Filter Type <c>email</c>, ≤ 300 per call), with their links. Only changes
/// that carry an e-mail cost a call: a record created, read whole, or whose e-mail changed.
/// </summary>
internal sealed class EmailOwnerReader(MarketoPort marketo, StateStore state)
{
    private const string EmailField = "email";

    /// <summary>The persons holding the e-mails of <paramref name="changes"/> that <paramref name="lookedUp"/> did not carry.</summary>
    public Task<IReadOnlyList<EmailOwner>> ReadAsync(
        FieldMapping mapping, IEnumerable<CrmChange> changes, IEnumerable<CrmChange> lookedUp, CancellationToken cancellationToken) =>
        ReadAsync(mapping, changes, lookedUp, withValues: false, cancellationToken);

    /// <summary>
    /// The persons holding the e-mails of <paramref name="changes"/>, with their mapped values (the same one call, more
    /// fields): the first run's match by e-mail then applies the collision rule where both sides differ (issue 18 item 6).
    /// </summary>
    public Task<IReadOnlyList<EmailOwner>> ReadWithValuesAsync(FieldMapping mapping, IEnumerable<CrmChange> changes, CancellationToken cancellationToken) =>
        ReadAsync(mapping, changes, [], withValues: true, cancellationToken);

    private async Task<IReadOnlyList<EmailOwner>> ReadAsync(
        FieldMapping mapping, IEnumerable<CrmChange> changes, IEnumerable<CrmChange> lookedUp, bool withValues, CancellationToken cancellationToken)
    {
        var emails = EmailsOf(mapping, changes);
        emails.ExceptWith(EmailsOf(mapping, lookedUp));
        if (emails.Count == 0)
        {
            return [];
        }

        // One kind per Marketo field (the first map naming it), so both entities read a person's value alike.
        var kinds = new Dictionary<string, FieldKind>(StringComparer.Ordinal) { [EmailField] = FieldKind.Email };
        if (withValues)
        {
            foreach (var map in mapping.For(SyncEntity.Lead).Concat(mapping.For(SyncEntity.Contact)).Where(m => m.Kind != FieldKind.Lookup))
            {
                kinds.TryAdd(map.Marketo, map.Kind);
            }
        }

        var persons = await marketo.GetLeadsByFilterAsync(EmailField, emails.Select(e => e.Text!), kinds.Keys, cancellationToken).ConfigureAwait(false);
        if (persons.Count == 0)
        {
            return [];
        }

        var links = (await state.GetLinksAsync(persons.Select(p => p.Id), cancellationToken).ConfigureAwait(false)).ToDictionary(l => l.MarketoId);
        return [.. persons.Select(p => new EmailOwner(
            FieldValue.FromString(p.GetText(EmailField), FieldKind.Email), p.Id, links.TryGetValue(p.Id, out var link) ? link.Record : null,
            withValues ? kinds.ToDictionary(k => k.Key, k => ValueConverter.FromMarketoText(p.GetText(k.Key), k.Value), StringComparer.Ordinal) : null))];
    }

    private static HashSet<FieldValue> EmailsOf(FieldMapping mapping, IEnumerable<CrmChange> changes)
    {
        var emails = new HashSet<FieldValue>();
        foreach (var change in changes)
        {
            if (mapping.EmailFor(change.Record.Entity) is { } map
                && change.Attributes.TryGetValue(map.Dynamics, out var email) && !email.IsNull)
            {
                emails.Add(email);
            }
        }

        return emails;
    }
}
