using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Dataverse.Batch;
using CrmSync.SyncAgent.Dataverse.Metadata;
using CrmSync.SyncAgent.Dataverse.Staging;
using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Cycle.Ports;

/// <summary>
/// <see cref="CrmPort"/> on the Dataverse Web API connector. An adapter rather than a base class of
/// <see cref="DataverseClient"/>, so the connector does not depend on the cycle (namespaces point one way).
/// </summary>
internal sealed class DataverseCrmPort(DataverseClient client, SyncUserAccess access) : CrmPort
{
    public override Uri ServiceRoot => client.ServiceRoot;

    public override long Requests => client.Counter.Requests;

    public override long Throttled => client.Counter.Throttled;

    public override IAsyncEnumerable<IReadOnlyList<StagingRow>> ReadStagingPagesAsync(int pageSize, CancellationToken cancellationToken) =>
        client.ReadStagingPagesAsync(pageSize, cancellationToken);

    public override IAsyncEnumerable<IReadOnlyList<StagingRow>> ReadStagingOfRecordsAsync(IReadOnlyCollection<Guid> recordIds, CancellationToken cancellationToken) =>
        client.ReadStagingOfRecordsAsync(recordIds, cancellationToken);

    public override Task<IReadOnlyList<RecordWriteResult>> DeleteStagingRowsAsync(IReadOnlyCollection<Guid> stagingIds, CancellationToken cancellationToken) =>
        client.DeleteStagingRowsAsync(stagingIds, cancellationToken);

    public override IAsyncEnumerable<DataverseRecord> ReadByIdsAsync(
        string entity, IEnumerable<Guid> ids, IReadOnlyCollection<string> columns, CancellationToken cancellationToken) =>
        client.ReadByIdsAsync(entity, ids, columns, cancellationToken);

    public override IAsyncEnumerable<DataverseRecord> ReadAllAsync(
        string entity, IReadOnlyCollection<string> columns, string? filter, CancellationToken cancellationToken) =>
        client.ReadAllAsync(entity, columns, filter, cancellationToken);

    public override Task<IReadOnlyList<RecordWriteResult>> ApplyWritesAsync(IReadOnlyList<RecordWrite> writes, CancellationToken cancellationToken) =>
        client.ApplyWritesAsync(writes, cancellationToken);

    public override Task<EntityColumnAccess> GetColumnAccessAsync(SyncEntity entity, CancellationToken cancellationToken) =>
        access.GetColumnsAsync(entity, cancellationToken);

    public override Task<EntityColumnAccess> GetColumnAccessAsync(string table, CancellationToken cancellationToken) =>
        access.GetColumnsAsync(table, cancellationToken);
}
