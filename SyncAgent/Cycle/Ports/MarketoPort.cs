using System.Text.Json;
using CrmSync.SyncAgent.Marketo;

namespace CrmSync.SyncAgent.Cycle.Ports;

/// <summary>
/// What the cycle's steps need from Marketo, and nothing more: the lead-changes feed, Sync Leads, Get Leads by
/// e-mail and the custom activities of rejection notices. The product runs it on <see cref="MarketoRestPort"/>;
/// unit tests run the steps on an in-memory fake, and the emulator tests prove the real connector.
/// </summary>
internal abstract class MarketoPort
{
    /// <summary>REST calls sent so far (every attempt), for the cycle's call count.</summary>
    public abstract long RestCalls { get; }

    /// <summary>Rate-limit answers (606, 615) met so far.</summary>
    public abstract long RateLimited { get; }

    /// <summary>A paging token for the lead changes since <paramref name="since"/>.</summary>
    public abstract Task<string> GetPagingTokenAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>The changes of <paramref name="fields"/> since <paramref name="pagingToken"/>, page by page, each with the token after it.</summary>
    public abstract IAsyncEnumerable<LeadChangePage> ReadLeadChangesAsync(
        string pagingToken, IReadOnlyCollection<string> fields, int batchSize = 300, CancellationToken cancellationToken = default);

    /// <summary>Sync Leads: one result per record, in input order.</summary>
    public abstract Task<IReadOnlyList<MarketoRecordResult>> SyncLeadsAsync(
        SyncLeadsAction action, string lookupField, IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> records, CancellationToken cancellationToken);

    /// <summary>Get Leads by Filter Type: the persons whose <paramref name="filterType"/> is one of <paramref name="values"/>.</summary>
    public abstract Task<IReadOnlyList<MarketoLead>> GetLeadsByFilterAsync(
        string filterType, IEnumerable<string> values, IReadOnlyCollection<string> fields, CancellationToken cancellationToken);

    /// <summary>Sync <paramref name="objectName"/> (e.g. <c>companies</c>), create or update by the dedupe field: one result per record, in input order.</summary>
    public abstract Task<IReadOnlyList<MarketoRecordResult>> SyncObjectsAsync(
        string objectName, IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> records, CancellationToken cancellationToken);

    /// <summary>Get <paramref name="objectName"/> records (e.g. <c>opportunities/roles</c>) whose <paramref name="filterType"/> is one of <paramref name="values"/>, with <paramref name="fields"/>.</summary>
    public abstract Task<IReadOnlyList<JsonElement>> GetObjectsByFilterAsync(
        string objectName, string filterType, IEnumerable<string> values, IReadOnlyCollection<string> fields, CancellationToken cancellationToken);

    /// <summary>Delete <paramref name="objectName"/> records by the dedupe field: one result per key, in input order.</summary>
    public abstract Task<IReadOnlyList<MarketoRecordResult>> DeleteObjectsAsync(
        string objectName, IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> keys, CancellationToken cancellationToken);

    /// <summary>The custom activity type of <paramref name="definition"/>, created if missing.</summary>
    public abstract Task<CustomActivityType> EnsureCustomActivityTypeAsync(CustomActivityTypeDefinition definition, CancellationToken cancellationToken);

    /// <summary>Add Custom Activities: one result per activity, in input order.</summary>
    public abstract Task<IReadOnlyList<MarketoRecordResult>> AddCustomActivitiesAsync(IReadOnlyList<CustomActivity> activities, CancellationToken cancellationToken);

    /// <summary>The Merge Leads activities (type 32) from <paramref name="pagingToken"/> on.</summary>
    public abstract Task<IReadOnlyList<LeadMerge>> ReadLeadMergesAsync(string pagingToken, CancellationToken cancellationToken);

    /// <summary>Merge Leads: <paramref name="loserId"/> into <paramref name="winnerId"/>, whose values win; a refusal throws <see cref="MarketoApiException"/>.</summary>
    public abstract Task MergeLeadsAsync(long winnerId, long loserId, CancellationToken cancellationToken);

    /// <summary>The activities of type <paramref name="activityTypeId"/> logged on <paramref name="leadIds"/> since <paramref name="since"/>.</summary>
    public abstract Task<IReadOnlyList<LoggedActivity>> GetLeadActivitiesAsync(
        int activityTypeId, IReadOnlyCollection<long> leadIds, DateTimeOffset since, CancellationToken cancellationToken);
}
