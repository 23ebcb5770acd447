using CrmSync.SyncAgent.Dataverse.Batch;
using CrmSync.SyncAgent.Dataverse.Http;

namespace CrmSync.SyncAgent.Dataverse;

/// <content>Writing through <c>$batch</c>.</content>
internal sealed partial class DataverseClient
{
    /// <summary>
    /// Applies record writes through <c>$batch</c> requests of at most <see cref="DataverseOptions.BatchSize"/>
    /// operations, one changeset per record and <c>Prefer: odata.continue-on-error</c>, so a rejected record never
    /// blocks the others. Batches run in parallel up to <see cref="DataverseOptions.MaxConcurrentRequests"/>; how many
    /// run at once and how many operations each holds is paced to Dataverse's limits (<see cref="Pacing.DataversePacer"/>).
    /// Returns one result per write, in input order. Throws <see cref="DataverseException"/> only when a whole
    /// batch failed after its retries (service down, throttled beyond the limit); what landed before is harmless to
    /// send again, because every write is idempotent.
    /// </summary>
    public Task<IReadOnlyList<RecordWriteResult>> ApplyWritesAsync(IReadOnlyList<RecordWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        return ExecuteBatchesAsync(writes, changesetPerWrite: true, cancellationToken);
    }

    private async Task<IReadOnlyList<RecordWriteResult>> ExecuteBatchesAsync(IReadOnlyList<RecordWrite> writes, bool changesetPerWrite, CancellationToken cancellationToken)
    {
        if (writes.Count == 0)
        {
            return [];
        }

        var results = new System.Collections.Concurrent.ConcurrentDictionary<int, IReadOnlyList<RecordWriteResult>>();
        await Parallel.ForEachAsync(
            Chunks(writes),
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentRequests, CancellationToken = cancellationToken },
            async (chunk, ct) => results[chunk.Offset] = await ExecuteBatchAsync(chunk, changesetPerWrite, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return [.. results.OrderBy(r => r.Key).SelectMany(r => r.Value)];
    }

    /// <summary>
    /// Cuts the writes lazily, each chunk as large as the pacer's batch size when a worker takes it, and no larger than
    /// an even share of all the writes per request allowed in flight.
    /// </summary>
    private IEnumerable<ArraySegment<RecordWrite>> Chunks(IReadOnlyList<RecordWrite> writes)
    {
        var all = writes as RecordWrite[] ?? [.. writes];
        for (var offset = 0; offset < all.Length;)
        {
            var size = Math.Min(_transport.Gate.BatchSizeFor(all.Length), all.Length - offset);
            yield return new ArraySegment<RecordWrite>(all, offset, size);
            offset += size;
        }
    }

    private async Task<IReadOnlyList<RecordWriteResult>> ExecuteBatchAsync(IReadOnlyList<RecordWrite> writes, bool changesetPerWrite, CancellationToken cancellationToken)
    {
        var batchId = Guid.NewGuid().ToString("D");
        var uri = _transport.Resolve("$batch");
        using var response = await _transport.SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, uri)
                {
                    Content = BatchRequestBuilder.Build(ServiceRoot, writes, batchId, changesetPerWrite),
                };
                request.Headers.TryAddWithoutValidation("Prefer", "odata.continue-on-error");
                return request;
            },
            cancellationToken,
            writes.Count).ConfigureAwait(false);
        Counter.AddBatchOperations(writes.Count);

        IReadOnlyList<BatchOperationResponse> parts;
        try
        {
            parts = await BatchResponseReader.ReadAsync(response.Content, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // The writes may have landed; they are idempotent, so the caller can send the batch again.
            throw new DataverseException($"Dataverse $batch {batchId} returned an unreadable response: {ex.Message}", ex);
        }

        var results = MapResults(writes, parts, changesetPerWrite);
        var failed = 0;
        foreach (var result in results.Where(r => !r.Landed))
        {
            failed++;
            DataverseLog.OperationFailed(_logger, batchId, result.Write.Entity, result.Write.Id, result.Write.Key, result.Status, result.ErrorCode, result.Message);
        }

        DataverseLog.BatchCompleted(_logger, batchId, writes.Count, failed);
        return results;
    }

    /// <summary>Pairs each write with its response: by Content-ID inside a changeset, else by part position.</summary>
    internal static IReadOnlyList<RecordWriteResult> MapResults(IReadOnlyList<RecordWrite> writes, IReadOnlyList<BatchOperationResponse> parts, bool changesetPerWrite)
    {
        var byContentId = new Dictionary<string, BatchOperationResponse>(StringComparer.Ordinal);
        var byPart = new Dictionary<int, BatchOperationResponse>();
        foreach (var part in parts)
        {
            if (part.ContentId is { } id)
            {
                byContentId.TryAdd(id, part);
            }

            byPart.TryAdd(part.PartIndex, part);
        }

        var results = new RecordWriteResult[writes.Count];
        for (var i = 0; i < writes.Count; i++)
        {
            var contentId = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var part = changesetPerWrite && byContentId.TryGetValue(contentId, out var matched) ? matched : byPart.GetValueOrDefault(i);
            results[i] = ToResult(writes[i], part);
        }

        return results;
    }

    private static RecordWriteResult ToResult(RecordWrite write, BatchOperationResponse? part)
    {
        if (part is null)
        {
            return new RecordWriteResult(write, RecordWriteOutcome.Failed, 0, null, "The $batch response has no part for this operation.");
        }

        var error = DataverseTransport.ParseError(part.Body);
        var status = part.Status;
        var outcome = (int)status switch
        {
            >= 200 and < 300 => RecordWriteOutcome.Succeeded,
            412 when write.Kind == RecordWriteKind.Create => RecordWriteOutcome.AlreadyExists,
            404 => RecordWriteOutcome.NotFound,
            429 or >= 500 => RecordWriteOutcome.Failed,
            _ => RecordWriteOutcome.Rejected,
        };
        return new RecordWriteResult(write, outcome, status, error?.Code, error?.Message);
    }

}
