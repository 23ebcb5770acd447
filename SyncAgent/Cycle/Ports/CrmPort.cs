using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Dataverse.Batch;
using CrmSync.SyncAgent.Dataverse.Metadata;
using CrmSync.SyncAgent.Dataverse.Staging;
using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Cycle.Ports;

/// <summary>
/// What the cycle's steps need from Dynamics, and nothing more: the staging table, lead and contact reads,
/// <c>$batch</c> writes and the sync user's column access. The product runs it on <see cref="DataverseCrmPort"/>;
/// unit tests run the steps on an in-memory fake, and the emulator tests prove the real connector.
/// </summary>
internal abstract class CrmPort
{
    /// <summary><c>{Url}/api/data/v9.2/</c>: the base of the <c>@odata.bind</c> URIs a write carries.</summary>
    public abstract Uri ServiceRoot { get; }

    /// <summary>Requests sent so far (every attempt), for the cycle's call count.</summary>
    public abstract long Requests { get; }

    /// <summary>Throttling answers (429) met so far.</summary>
    public abstract long Throttled { get; }

    /// <summary>
    /// Every staging row, page by page, in the order Dynamics wrote them; pages of at most <paramref name="pageSize"/>
    /// rows (and of the configured page size), so a reader that needs few rows does not read and parse a full page.
    /// </summary>
    public abstract IAsyncEnumerable<IReadOnlyList<StagingRow>> ReadStagingPagesAsync(int pageSize, CancellationToken cancellationToken);

    /// <summary>The staging rows of the records with <paramref name="recordIds"/>, page by page, in the order Dynamics wrote them.</summary>
    public abstract IAsyncEnumerable<IReadOnlyList<StagingRow>> ReadStagingOfRecordsAsync(IReadOnlyCollection<Guid> recordIds, CancellationToken cancellationToken);

    /// <summary>Deletes staging rows; one result per row, in input order (an already deleted row has landed).</summary>
    public abstract Task<IReadOnlyList<RecordWriteResult>> DeleteStagingRowsAsync(IReadOnlyCollection<Guid> stagingIds, CancellationToken cancellationToken);

    /// <summary>The records of <paramref name="entity"/> with <paramref name="ids"/> that exist, with <paramref name="columns"/>.</summary>
    public abstract IAsyncEnumerable<DataverseRecord> ReadByIdsAsync(
        string entity, IEnumerable<Guid> ids, IReadOnlyCollection<string> columns, CancellationToken cancellationToken);

    /// <summary>Every record of <paramref name="entity"/> (optionally filtered), in primary id order.</summary>
    public abstract IAsyncEnumerable<DataverseRecord> ReadAllAsync(
        string entity, IReadOnlyCollection<string> columns, string? filter, CancellationToken cancellationToken);

    /// <summary>Applies record writes, one changeset each; one result per write, in input order.</summary>
    public abstract Task<IReadOnlyList<RecordWriteResult>> ApplyWritesAsync(IReadOnlyList<RecordWrite> writes, CancellationToken cancellationToken);

    /// <summary>What the sync user may do with each column of <paramref name="entity"/>.</summary>
    public abstract Task<EntityColumnAccess> GetColumnAccessAsync(SyncEntity entity, CancellationToken cancellationToken);

    /// <summary>What the sync user may do with each column of table <paramref name="table"/> (a one-way kind's, e.g. <c>account</c>).</summary>
    public abstract Task<EntityColumnAccess> GetColumnAccessAsync(string table, CancellationToken cancellationToken);
}
