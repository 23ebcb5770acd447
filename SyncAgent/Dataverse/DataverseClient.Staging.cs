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
    /// (<see cref="DataverseOptions.PageSize"/> rows) at a time. A malformed row comes back with
    /// <see cref="StagingRow.PoisonReason"/> set instead of failing the page. Stop enumerating to stop reading.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<StagingRow>> ReadStagingPagesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = $"{SyncEventTable.EntitySetName}?$select={string.Join(',', StagingRowParser.Columns)}"
            + $"&$orderby={SyncEventTable.VersionNumber} asc";
        await foreach (var page in ReadPagesAsync(query, cancellationToken).ConfigureAwait(false))
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
