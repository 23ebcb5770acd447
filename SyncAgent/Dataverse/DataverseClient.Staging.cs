using System.Runtime.CompilerServices;
using CrmSync.Staging;
using CrmSync.SyncAgent.Dataverse.Batch;
using CrmSync.SyncAgent.Dataverse.Staging;

namespace CrmSync.SyncAgent.Dataverse;

/// <content>Draining the <c>crmsync_syncevent</c> staging table.</content>
internal sealed partial class DataverseClient
{
    /// <summary>
    /// Reads the staging table in the order Dynamics wrote it (<c>versionnumber asc</c>, the row version: see
    /// <see cref="SyncEventTable.VersionNumber"/> for why not <c>crmsync_changedon</c> and the id), one page
    /// (<see cref="DataverseOptions.PageSize"/> rows, or <paramref name="pageSize"/> when smaller) at a time. A malformed
    /// row comes back with <see cref="StagingRow.PoisonReason"/> set instead of failing the page. Stop enumerating to
    /// stop reading.
    /// </summary>
    public IAsyncEnumerable<IReadOnlyList<StagingRow>> ReadStagingPagesAsync(int? pageSize, CancellationToken cancellationToken) =>
        ReadStagingAsync(filter: null, cancellationToken, pageSize);

    /// <summary>Every staging row, in pages of <see cref="DataverseOptions.PageSize"/> rows (see the overload).</summary>
    public IAsyncEnumerable<IReadOnlyList<StagingRow>> ReadStagingPagesAsync(CancellationToken cancellationToken) =>
        ReadStagingAsync(filter: null, cancellationToken);

    /// <summary>
    /// The staging rows of the records with <paramref name="recordIds"/> (<c>crmsync_recordid</c>, a string column),
    /// in the order Dynamics wrote them; 50 ids a query, as <see cref="ReadByIdsAsync"/> does.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<StagingRow>> ReadStagingOfRecordsAsync(
        IReadOnlyCollection<Guid> recordIds, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recordIds);
        foreach (var chunk in recordIds.Distinct().Chunk(IdsPerQuery))
        {
            var filter = string.Join(" or ", chunk.Select(id => $"{SyncEventTable.RecordId} eq {ODataFilter.Literal(id.ToString("D"))}"));
            await foreach (var page in ReadStagingAsync(filter, cancellationToken).ConfigureAwait(false))
            {
                yield return page;
            }
        }
    }

    private async IAsyncEnumerable<IReadOnlyList<StagingRow>> ReadStagingAsync(string? filter, [EnumeratorCancellation] CancellationToken cancellationToken, int? pageSize = null)
    {
        var query = $"{SyncEventTable.EntitySetName}?$select={string.Join(',', StagingRowParser.Columns)}"
            + (filter is null ? string.Empty : "&$filter=" + Uri.EscapeDataString(filter))
            + $"&$orderby={SyncEventTable.VersionNumber} asc";
        await foreach (var page in ReadPagesAsync(query, cancellationToken, pageSize: pageSize).ConfigureAwait(false))
        {
            var rows = new List<StagingRow>();
            foreach (var element in Rows(page))
            {
                if (StagingRowParser.Parse(element) is not { } row)
                {
                    // Without its own id a row cannot even be deleted; the plug-in never writes one, so skip it loudly.
                    DataverseLog.PoisonStagingRow(_logger, Guid.Empty, "row without a staging id skipped");
                    continue;
                }

                if (row.PoisonReason is { } reason)
                {
                    DataverseLog.PoisonStagingRow(_logger, row.StagingId, reason);
                }

                rows.Add(row);
            }

            yield return rows;
        }
    }

    /// <summary>
    /// Deletes staging rows in <c>$batch</c> requests of at most <see cref="DataverseOptions.BatchSize"/> deletes
    /// (with continue-on-error). A row already gone (404) counts as deleted (<see cref="RecordWriteResult.Landed"/>).
    /// </summary>
    public Task<IReadOnlyList<RecordWriteResult>> DeleteStagingRowsAsync(IReadOnlyCollection<Guid> stagingIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stagingIds);
        var writes = stagingIds.Select(id => RecordWrite.Delete(id.ToString("D"), SyncEventTable.LogicalName, id)).ToList();
        return ExecuteBatchesAsync(writes, changesetPerWrite: false, cancellationToken);
    }
}
