using System.Runtime.CompilerServices;
using System.Text.Json;
using CrmSync.SyncAgent.Marketo.Wire;

namespace CrmSync.SyncAgent.Marketo;

/// <content>Paging tokens and lead changes
/// (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/paging-tokens,
/// https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/activities).</content>
internal sealed partial class MarketoClient
{
    /// <summary>
    /// Get Paging Token (<c>GET /rest/v1/activities/pagingtoken.json?sinceDatetime=</c>): a date-based token for
    /// changes after <paramref name="since"/>.
    /// </summary>
    public async Task<string> GetPagingTokenAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var uri = "rest/v1/activities/pagingtoken.json?sinceDatetime=" + Encode(MarketoValues.FormatDateTime(since));
        var response = await _api.GetAsync("pagingToken", uri, MarketoJsonContext.Default.MarketoResponseJsonElement, cancellationToken).ConfigureAwait(false);
        return response.NextPageToken is { Length: > 0 } token
            ? token
            : throw new MarketoApiException("pagingToken", "Get Paging Token returned no nextPageToken.", response.RequestId);
    }

    /// <summary>
    /// Get Lead Changes (<c>GET /rest/v1/activities/leadchanges.json?nextPageToken=&amp;fields=&amp;batchSize=</c>) from
    /// <paramref name="pagingToken"/> until <c>moreResult</c> is false. Each page carries the token that continues
    /// after it: persist it only after the page's changes are applied, so an interrupted cycle re-reads the page.
    /// Only the requested fields are kept in each Change Data Value; New Lead activities are kept as they are.
    /// </summary>
    public async IAsyncEnumerable<LeadChangePage> ReadLeadChangesAsync(
        string pagingToken,
        IReadOnlyCollection<string> fields,
        int batchSize = 300,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fields.Count, 1, nameof(fields));
        if (batchSize is < 1 or > 300)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Marketo returns at most 300 activities per page.");
        }
        var wanted = new HashSet<string>(fields, StringComparer.OrdinalIgnoreCase);
        var fieldList = JoinEncoded(fields);
        var token = pagingToken;
        while (true)
        {
            var uri = $"rest/v1/activities/leadchanges.json?nextPageToken={Encode(token)}&fields={fieldList}&batchSize={batchSize}";
            var response = await _api.GetAsync("leadChanges", uri, MarketoJsonContext.Default.MarketoResponseActivityDto, cancellationToken).ConfigureAwait(false);
            var (next, more) = NextPage(response, token);
            var changes = (response.Result ?? []).Select(a => ToLeadChange(a, wanted)).OfType<LeadChange>().ToList();
            yield return new LeadChangePage(changes, next, more);
            if (!more)
            {
                yield break;
            }

            token = next;
        }
    }

    /// <summary>
    /// Where an activity page leaves off: the token it returned (the current one when it sent none) and whether to read
    /// on — not after <c>moreResult</c> false, nor after a page that neither moved the token nor returned anything
    /// (reading on would repeat it forever).
    /// </summary>
    private static (string Next, bool More) NextPage<T>(MarketoResponse<T> response, string token)
    {
        var next = response.NextPageToken is { Length: > 0 } t ? t : token;
        var stalled = next == token && (response.Result?.Count ?? 0) == 0;
        return (next, response.MoreResult && !stalled);
    }

    private static LeadChange? ToLeadChange(ActivityDto activity, HashSet<string> wanted)
    {
        var fields = (activity.Fields ?? [])
            .Where(f => f.Name is not null && wanted.Contains(f.Name))
            .Select(f => new FieldChange(f.Name!, f.Id, f.NewValue, f.OldValue))
            .ToList();
        if (activity.ActivityTypeId == LeadChange.ChangeDataValueTypeId && fields.Count == 0)
        {
            return null;
        }

        var attributes = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var attribute in activity.Attributes ?? [])
        {
            if ((attribute.Name ?? attribute.ApiName) is { } name)
            {
                attributes[name] = attribute.Value;
            }
        }

        return new LeadChange(
            activity.MarketoGuid ?? activity.Id?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            activity.LeadId,
            MarketoValues.ParseActivityDate(activity.ActivityDate),
            activity.ActivityTypeId,
            fields,
            attributes);
    }
}
