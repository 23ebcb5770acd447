using System.Globalization;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Marketo;
using CrmSync.SyncAgent.State;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.History;

/// <summary>
/// A person's history (DESIGN B19) from what the state store keeps: link, relink and unlink events, writes, collisions,
/// retries and every rejected write with its values (unless <c>CrmSync:History:Values</c> is false), newest first. A person is named by Marketo id,
/// Dynamics record id or e-mail address (looked up in Marketo).
/// </summary>
internal sealed class PersonHistory(StateStore state, MarketoClient marketo, IOptions<HistoryOptions> options)
{
    /// <summary>The people <paramref name="who"/> names, and their history, newest first.</summary>
    public async Task<PersonHistoryResult> GetAsync(string who, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(who);
        who = who.Trim();
        var people = new HashSet<long>();
        var records = new HashSet<RecordKey>();
        if (long.TryParse(who, NumberStyles.None, CultureInfo.InvariantCulture, out var marketoId))
        {
            people.Add(marketoId);
        }
        else if (Guid.TryParse(who, out var id))
        {
            foreach (var entity in new[] { SyncEntity.Lead, SyncEntity.Contact })
            {
                var key = new RecordKey(entity, id);
                records.Add(key);
                if (await state.FindLinkAsync(key, cancellationToken).ConfigureAwait(false) is { } link)
                {
                    people.Add(link.MarketoId);
                }
            }
        }
        else
        {
            foreach (var lead in await marketo.GetLeadsByFilterAsync("email", [who], ["id", "email"], cancellationToken).ConfigureAwait(false))
            {
                people.Add(lead.Id);
            }
        }

        var entries = new List<HistoryEntry>();
        foreach (var person in people)
        {
            foreach (var e in await state.GetLinkHistoryAsync(person, cancellationToken).ConfigureAwait(false))
            {
                records.Add(e.Record);
                entries.Add(new HistoryEntry(e.OccurredOn, e.Event.ToString().ToLowerInvariant(), Describe(e.Record),
                    string.Create(CultureInfo.InvariantCulture, $"person {e.MarketoId}{(e.Reason is null ? "" : ": " + e.Reason)}")));
            }
        }

        foreach (var person in people)
        {
            // Newest first also among events of one second (a collision and the write that resolved it).
            foreach (var e in (await state.GetHistoryAsync(person, cancellationToken).ConfigureAwait(false)).Reverse())
            {
                entries.Add(new HistoryEntry(e.OccurredOn, e.Kind, e.Record is { } r ? Describe(r) : null, Describe(e)));
            }
        }

        foreach (var rejection in await RejectionsAsync(people, records, cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new HistoryEntry(rejection.OccurredOn, "rejected", rejection.Record is { } r ? Describe(r) : null, Describe(rejection)));
        }

        return new PersonHistoryResult(who, [.. people.Order()], [.. entries.OrderByDescending(e => e.OccurredOn)]);
    }

    private async Task<List<Rejection>> RejectionsAsync(HashSet<long> people, HashSet<RecordKey> records, CancellationToken cancellationToken)
    {
        var found = new Dictionary<long, Rejection>();
        var texts = people.Select(p => p.ToString(CultureInfo.InvariantCulture)).Concat(records.Select(r => r.Id.ToString("D")));
        foreach (var text in texts.Distinct(StringComparer.Ordinal))
        {
            var rows = await state.SearchRejectionsAsync(new RejectionQuery { Text = text, IncludeResolved = true, Limit = 10_000 }, cancellationToken).ConfigureAwait(false);
            // The search matches text anywhere; keep only this person's and these records' rejections.
            foreach (var row in rows.Where(r => (r.MarketoId is { } m && people.Contains(m)) || (r.Record is { } k && records.Contains(k))))
            {
                found[row.Id] = row;
            }
        }

        return [.. found.Values];
    }

    private string Describe(Rejection rejection)
    {
        var fields = options.Value.Values
            ? string.Join(", ", rejection.Fields.Select(f => $"{f.Field} = {f.Value.Text ?? "(blank)"}"))
            : string.Join(", ", rejection.Fields.Select(f => f.Field));
        return string.Create(CultureInfo.InvariantCulture,
            $"#{rejection.Id} {rejection.Direction} {rejection.Operation} [{fields}]: {rejection.ErrorCode} {rejection.Message}{(rejection.Resolved ? " (resolved)" : " (open)")}");
    }

    private string Describe(HistoryEvent e)
    {
        var at = e.CycleId is { } id ? string.Create(CultureInfo.InvariantCulture, $", cycle {id}") : "";
        var direction = e.Direction switch
        {
            SyncDirection.ToMarketo => "to Marketo",
            SyncDirection.ToDynamics => "to Dynamics",
            _ => "no copy",
        };
        var values = options.Value.Values && e.HasValues;
        return e.Kind switch
        {
            HistoryKinds.Write when values => $"{e.Field}: {Show(e.Old)} -> {Show(e.New)} ({direction}, {e.Detail}{at})",
            HistoryKinds.Write => $"{e.Field} ({direction}, {e.Detail}{at})",
            HistoryKinds.Collision when values => $"{e.Field}: Dynamics {Show(e.Old)} vs Marketo {Show(e.New)}; {e.Detail}{at}",
            HistoryKinds.Collision => $"{e.Field}: {e.Detail}{at}",
            _ => $"{e.Field}: {e.Detail}{at}",
        };
    }

    private static string Show(string? value) => value is null ? "(blank)" : $"'{value}'";

    private static string Describe(RecordKey record) => $"{record.Entity.ToLogicalName()} {record.Id:D}";
}
