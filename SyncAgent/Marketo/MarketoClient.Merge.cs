using System.Globalization;
using System.Text.Json;
using CrmSync.SyncAgent.Marketo.Wire;

namespace CrmSync.SyncAgent.Marketo;

/// <content>Merge Leads (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/leads).</content>
internal sealed partial class MarketoClient
{
    /// <summary>
    /// Merge Leads (<c>POST /rest/v1/leads/{winnerId}/merge.json?leadId=</c>): <paramref name="loserId"/> is merged into
    /// <paramref name="winnerId"/>, whose values win; Marketo fills only the winner's blank fields from the loser and
    /// deletes the loser. <c>mergeInCRM</c> stays false: CrmSync targets instances without Marketo's native CRM sync.
    /// A refusal (e.g. 1004, an id no longer exists) throws <see cref="MarketoApiException"/>.
    /// </summary>
    public async Task MergeLeadsAsync(long winnerId, long loserId, CancellationToken cancellationToken)
    {
        var uri = string.Create(CultureInfo.InvariantCulture, $"rest/v1/leads/{winnerId}/merge.json?leadId={loserId}&mergeInCRM=false");
        await _api.PostAsync(
            "mergeLeads", uri, null, MarketoJsonContext.Default.CustomActivityTypeDto,
            MarketoJsonContext.Default.MarketoResponseActivityDto, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Activity type id of Merge Leads (lead-database/activities); its <c>Merge ids</c> attribute lists the losers.</summary>
    public const int MergeLeadsActivityType = 32;

    /// <summary>
    /// The Merge Leads activities (<c>GET /rest/v1/activities.json?activityTypeIds=32&amp;nextPageToken=</c>) from
    /// <paramref name="pagingToken"/> on, every page: who won and which persons were merged into it.
    /// </summary>
    public async Task<IReadOnlyList<LeadMerge>> ReadLeadMergesAsync(string pagingToken, CancellationToken cancellationToken)
    {
        var merges = new List<LeadMerge>();
        var token = pagingToken;
        while (true)
        {
            var uri = string.Create(CultureInfo.InvariantCulture, $"rest/v1/activities.json?activityTypeIds={MergeLeadsActivityType}&nextPageToken={Encode(token)}");
            var response = await _api.GetAsync("leadMerges", uri, MarketoJsonContext.Default.MarketoResponseActivityDto, cancellationToken).ConfigureAwait(false);
            foreach (var activity in response.Result ?? [])
            {
                var losers = (activity.Attributes ?? [])
                    .Where(a => string.Equals(a.Name, "Merge ids", StringComparison.OrdinalIgnoreCase))
                    .SelectMany(a => Ids(a.Value))
                    .Where(id => id != activity.LeadId)
                    .ToList();
                if (losers.Count > 0)
                {
                    merges.Add(new LeadMerge(activity.LeadId, losers));
                }
            }

            var (next, more) = NextPage(response, token);
            if (!more)
            {
                return merges;
            }

            token = next;
        }
    }

    /// <summary>The ids of a <c>Merge ids</c> value: an array of numbers (or of numeric strings), or one id.</summary>
    private static IEnumerable<long> Ids(JsonElement value)
    {
        var items = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value];
        foreach (var item in items)
        {
            if (item.ValueKind == JsonValueKind.Number && item.TryGetInt64(out var id))
            {
                yield return id;
            }
            else if (item.ValueKind == JsonValueKind.String && long.TryParse(item.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                yield return parsed;
            }
        }
    }
}

/// <summary>A Merge Leads activity: <paramref name="Losers"/> were merged into <paramref name="Winner"/>, which survives.</summary>
internal sealed record LeadMerge(long Winner, IReadOnlyList<long> Losers);
