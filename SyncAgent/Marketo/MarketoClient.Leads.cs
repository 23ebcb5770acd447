using System.Globalization;
using System.Text;
using System.Text.Json;
using CrmSync.SyncAgent.Marketo.Wire;

namespace CrmSync.SyncAgent.Marketo;

/// <content>Get Leads by Filter Type and Sync Leads
/// (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/leads).</content>
internal sealed partial class MarketoClient
{
    /// <summary>Leads whose <c>id</c> is one of <paramref name="ids"/>.</summary>
    public Task<IReadOnlyList<MarketoLead>> GetLeadsByIdsAsync(
        IEnumerable<long> ids, IReadOnlyCollection<string> fields, CancellationToken cancellationToken) =>
        GetLeadsByFilterAsync("id", ids.Select(id => id.ToString(CultureInfo.InvariantCulture)), fields, cancellationToken);

    /// <summary>
    /// Get Leads by Filter Type (<c>GET /rest/v1/leads.json?filterType=&amp;filterValues=&amp;fields=&amp;batchSize=</c>),
    /// ≤ 300 values per call and each URI under <see cref="MarketoOptions.MaxUriLength"/>, pages followed through
    /// <c>nextPageToken</c>. <c>filterValues</c> is documented as a plain comma-separated list with no escape, so a
    /// value containing a comma cannot be searched: it is left out (logged) and simply not found.
    /// </summary>
    public async Task<IReadOnlyList<MarketoLead>> GetLeadsByFilterAsync(
        string filterType, IEnumerable<string> values, IReadOnlyCollection<string> fields, CancellationToken cancellationToken)
    {
        var searchable = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var value in values)
        {
            if (value.Contains(',', StringComparison.Ordinal))
            {
                MarketoLog.UnsearchableFilterValue(_logger, filterType, index);
            }
            else if (value.Length > 0 && seen.Add(value))
            {
                searchable.Add(value);
            }

            index++;
        }

        var prefix = $"rest/v1/leads.json?filterType={Encode(filterType)}"
            + (fields.Count > 0 ? "&fields=" + JoinEncoded(fields) : "")
            + $"&batchSize={_options.BatchSize}&filterValues=";
        var leads = new List<MarketoLead>();
        foreach (var chunk in ChunkFilterValues(prefix, searchable))
        {
            string? pageToken = null;
            do
            {
                var uri = pageToken is null ? prefix + chunk : $"{prefix}{chunk}&nextPageToken={Encode(pageToken)}";
                var response = await _api.GetAsync("getLeads", uri, MarketoJsonContext.Default.MarketoResponseJsonElement, cancellationToken).ConfigureAwait(false);
                leads.AddRange((response.Result ?? []).Select(MarketoLead.FromJson));
                pageToken = response.MoreResult ? response.NextPageToken : null;
            }
            while (pageToken is not null);
        }

        return leads;
    }

    /// <summary>
    /// Sync Leads (<c>POST /rest/v1/leads.json</c> with <c>action</c>, <c>lookupField</c>, <c>input</c>), in calls of
    /// ≤ 300 records sent one after another (the leads page warns that concurrent upserts on one key can duplicate).
    /// Returns one result per record, in input order. Field values are raw JSON (see <see cref="MarketoValues.FromText"/>).
    /// </summary>
    public async Task<IReadOnlyList<MarketoRecordResult>> SyncLeadsAsync(
        SyncLeadsAction action,
        string lookupField,
        IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> records,
        CancellationToken cancellationToken)
    {
        if (action != SyncLeadsAction.UpdateOnly && records.Any(r => r.ContainsKey("id")))
        {
            throw new ArgumentException("The id field can only be sent with updateOnly (leads page).", nameof(records));
        }

        return await PostInBatchesAsync(
            "syncLeads",
            "rest/v1/leads.json",
            records,
            batch => new SyncLeadsRequest
            {
                Action = ActionName(action),
                LookupField = lookupField,
                Input = batch.Select(r => new Dictionary<string, JsonElement>(r, StringComparer.Ordinal)).ToList(),
            },
            MarketoJsonContext.Default.SyncLeadsRequest,
            cancellationToken).ConfigureAwait(false);
    }

    private static string ActionName(SyncLeadsAction action) => action switch
    {
        SyncLeadsAction.CreateOrUpdate => "createOrUpdate",
        SyncLeadsAction.CreateOnly => "createOnly",
        SyncLeadsAction.UpdateOnly => "updateOnly",
        SyncLeadsAction.CreateDuplicate => "createDuplicate",
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    private IEnumerable<string> ChunkFilterValues(string prefix, List<string> values)
    {
        var builder = new StringBuilder();
        var count = 0;
        // Room for "&nextPageToken=<token>" on follow-up pages.
        var budget = _options.MaxUriLength - _api.AbsoluteLength(prefix) - 200;
        foreach (var value in values)
        {
            var encoded = Encode(value);
            var extra = encoded.Length + (count > 0 ? 1 : 0);
            if (count > 0 && (count == _options.BatchSize || builder.Length + extra > budget))
            {
                yield return builder.ToString();
                builder.Clear();
                count = 0;
            }

            if (count > 0)
            {
                builder.Append(',');
            }

            builder.Append(encoded);
            count++;
        }

        if (count > 0)
        {
            yield return builder.ToString();
        }
    }

    private static List<MarketoRecordResult> ToRecordResults(MarketoResponse<RecordResultDto> response, int offset, int expected)
    {
        var items = response.Result ?? [];
        if (items.Count != expected)
        {
            // Results are documented to be "ordered in the same way as the input array"; a different count breaks that.
            throw new MarketoApiException("result-count", $"Expected {expected} record results, got {items.Count}.", response.RequestId);
        }

        return items.Select((item, i) => new MarketoRecordResult(
            offset + i,
            item.Id,
            item.MarketoGuid,
            ParseStatus(item.Status),
            (IReadOnlyList<MarketoReason>?)item.Reasons ?? item.Errors ?? [])).ToList();
    }

    private static MarketoRecordStatus ParseStatus(string? status) => status?.ToLowerInvariant() switch
    {
        "created" => MarketoRecordStatus.Created,
        "updated" => MarketoRecordStatus.Updated,
        "skipped" => MarketoRecordStatus.Skipped,
        "added" => MarketoRecordStatus.Added,
        "deleted" => MarketoRecordStatus.Deleted,
        _ => MarketoRecordStatus.Unknown,
    };
}
