using System.Text.Json;
using CrmSync.SyncAgent.Marketo;

namespace CrmSync.SyncAgent.Cycle.Ports;

/// <summary>
/// <see cref="MarketoPort"/> on the Marketo REST connector. An adapter rather than a base class of
/// <see cref="MarketoClient"/>, so the connector does not depend on the cycle (namespaces point one way).
/// </summary>
internal sealed class MarketoRestPort(MarketoClient client) : MarketoPort
{
    public override long RestCalls => client.Usage.RestCalls;

    public override long RateLimited => client.Usage.RateLimited;

    public override Task<string> GetPagingTokenAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        client.GetPagingTokenAsync(since, cancellationToken);

    public override IAsyncEnumerable<LeadChangePage> ReadLeadChangesAsync(
        string pagingToken, IReadOnlyCollection<string> fields, int batchSize = 300, CancellationToken cancellationToken = default) =>
        client.ReadLeadChangesAsync(pagingToken, fields, batchSize, cancellationToken);

    public override Task<IReadOnlyList<MarketoRecordResult>> SyncLeadsAsync(
        SyncLeadsAction action, string lookupField, IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> records, CancellationToken cancellationToken) =>
        client.SyncLeadsAsync(action, lookupField, records, cancellationToken);

    public override Task<IReadOnlyList<MarketoLead>> GetLeadsByFilterAsync(
        string filterType, IEnumerable<string> values, IReadOnlyCollection<string> fields, CancellationToken cancellationToken) =>
        client.GetLeadsByFilterAsync(filterType, values, fields, cancellationToken);

    public override Task<IReadOnlyList<MarketoRecordResult>> SyncObjectsAsync(
        string objectName, IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> records, CancellationToken cancellationToken) =>
        client.SyncObjectsAsync(objectName, records, cancellationToken);

    public override Task<IReadOnlyList<JsonElement>> GetObjectsByFilterAsync(
        string objectName, string filterType, IEnumerable<string> values, IReadOnlyCollection<string> fields, CancellationToken cancellationToken) =>
        client.GetObjectsByFilterAsync(objectName, filterType, values, fields, cancellationToken);

    public override Task<IReadOnlyList<MarketoRecordResult>> DeleteObjectsAsync(
        string objectName, IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> keys, CancellationToken cancellationToken) =>
        client.DeleteObjectsAsync(objectName, keys, cancellationToken);

    public override Task<CustomActivityType> EnsureCustomActivityTypeAsync(CustomActivityTypeDefinition definition, CancellationToken cancellationToken) =>
        client.EnsureCustomActivityTypeAsync(definition, cancellationToken);

    public override Task<IReadOnlyList<MarketoRecordResult>> AddCustomActivitiesAsync(IReadOnlyList<CustomActivity> activities, CancellationToken cancellationToken) =>
        client.AddCustomActivitiesAsync(activities, cancellationToken);

    public override Task<IReadOnlyList<LeadMerge>> ReadLeadMergesAsync(string pagingToken, CancellationToken cancellationToken) =>
        client.ReadLeadMergesAsync(pagingToken, cancellationToken);

    public override Task MergeLeadsAsync(long winnerId, long loserId, CancellationToken cancellationToken) =>
        client.MergeLeadsAsync(winnerId, loserId, cancellationToken);

    public override Task<IReadOnlyList<LoggedActivity>> GetLeadActivitiesAsync(
        int activityTypeId, IReadOnlyCollection<long> leadIds, DateTimeOffset since, CancellationToken cancellationToken) =>
        client.GetLeadActivitiesAsync(activityTypeId, leadIds, since, cancellationToken);
}
