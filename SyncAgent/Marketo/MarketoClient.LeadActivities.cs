using System.Globalization;
using System.Text.Json;
using CrmSync.SyncAgent.Marketo.Wire;

namespace CrmSync.SyncAgent.Marketo;

/// <content>Get Lead Activities
/// (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/activities).</content>
internal sealed partial class MarketoClient
{
    /// <summary>Marketo's limit of <c>leadIds</c> per Get Lead Activities call.</summary>
    private const int MaxActivityLeadIds = 30;

    /// <summary>
    /// Get Lead Activities (<c>GET /rest/v1/activities.json?activityTypeIds=&amp;leadIds=&amp;nextPageToken=</c>) of one
    /// type for <paramref name="leadIds"/>, from <paramref name="since"/> on, every page.
    /// </summary>
    public async Task<IReadOnlyList<LoggedActivity>> GetLeadActivitiesAsync(
        int activityTypeId, IReadOnlyCollection<long> leadIds, DateTimeOffset since, CancellationToken cancellationToken)
    {
        if (leadIds.Count == 0)
        {
            return [];
        }

        // The token depends on since alone: one serves every chunk of lead ids.
        var first = await GetPagingTokenAsync(since, cancellationToken).ConfigureAwait(false);
        var found = new List<LoggedActivity>();
        foreach (var chunk in leadIds.Distinct().Chunk(MaxActivityLeadIds))
        {
            var token = first;
            var ids = string.Join(',', chunk.Select(id => id.ToString(CultureInfo.InvariantCulture)));
            while (true)
            {
                var uri = string.Create(CultureInfo.InvariantCulture, $"rest/v1/activities.json?activityTypeIds={activityTypeId}&leadIds={ids}&nextPageToken={Encode(token)}");
                var response = await _api.GetAsync("leadActivities", uri, MarketoJsonContext.Default.MarketoResponseActivityDto, cancellationToken).ConfigureAwait(false);
                found.AddRange((response.Result ?? []).Select(ToLogged));
                var (next, more) = NextPage(response, token);
                if (!more)
                {
                    break;
                }

                token = next;
            }
        }

        return found;
    }

    private static LoggedActivity ToLogged(ActivityDto activity) => new(
        activity.LeadId,
        MarketoValues.ParseActivityDate(activity.ActivityDate),
        activity.PrimaryAttributeValue.ValueKind == JsonValueKind.String ? activity.PrimaryAttributeValue.GetString() : activity.PrimaryAttributeValue.ToString(),
        (activity.Attributes ?? []).Select(a => a.Value.ValueKind == JsonValueKind.String ? a.Value.GetString() : a.Value.ToString()).OfType<string>().ToList());
}

/// <summary>An activity read back from a person's activity log: enough to recognise one the agent sent.</summary>
internal sealed record LoggedActivity(long LeadId, DateTimeOffset ActivityDate, string? PrimaryAttributeValue, IReadOnlyList<string> AttributeValues);
