using System.Globalization;
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
    /// ≤ 300 values per call, pages followed through <c>nextPageToken</c>. A call whose URI would pass
    /// <see cref="MarketoOptions.MaxUriLength"/> (Marketo answers 414 over 8 KB; 300 e-mail addresses usually do) is sent
    /// as the error codes page says: <c>POST …/leads.json?_method=GET</c> with the query string as a form body, so a
    /// page of 300 e-mail addresses costs one call, not three. <c>filterValues</c> is documented as a plain
    /// comma-separated list with no escape, so a value containing a comma cannot be searched: it is left out (logged)
    /// and simply not found.
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
        foreach (var chunk in searchable.Chunk(_options.BatchSize))
        {
            // Room for "&nextPageToken=<token>" on follow-up pages.
            var query = JoinEncoded(chunk);
            var asForm = _api.AbsoluteLength(prefix + query) + 200 > _options.MaxUriLength;
            string? pageToken = null;
            do
            {
                var response = asForm
                    ? await _api.PostFormAsync("getLeads", "rest/v1/leads.json?_method=GET", FilterForm(filterType, chunk, fields, pageToken), MarketoJsonContext.Default.MarketoResponseJsonElement, cancellationToken).ConfigureAwait(false)
                    : await _api.GetAsync("getLeads", pageToken is null ? prefix + query : $"{prefix}{query}&nextPageToken={Encode(pageToken)}", MarketoJsonContext.Default.MarketoResponseJsonElement, cancellationToken).ConfigureAwait(false);
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

    /// <summary>The query of Get Leads by Filter Type as the form body of a <c>POST …?_method=GET</c>.</summary>
    private List<KeyValuePair<string, string>> FilterForm(string filterType, string[] values, IReadOnlyCollection<string> fields, string? pageToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("filterType", filterType),
            new("filterValues", string.Join(',', values)),
            new("batchSize", _options.BatchSize.ToString(CultureInfo.InvariantCulture)),
        };
        if (fields.Count > 0)
        {
            form.Add(new("fields", string.Join(',', fields)));
        }

        if (pageToken is not null)
        {
            form.Add(new("nextPageToken", pageToken));
        }

        return form;
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
