using CrmSync.SyncAgent.Dataverse.Staging;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>One chunk of a cycle (DESIGN B22): what it plans, and whether it is the cycle's last.</summary>
internal sealed record CycleChunk(int Number, StagedChanges Staged, MarketoRead Read, bool Last);

/// <summary>
/// Cuts a cycle's changes into chunks of at most <c>CrmSync:Sync:ChunkSize</c> persons a side (DESIGN B22); each
/// chunk is planned, written and committed on its own, with its own cursor (the Marketo paging token it reached and
/// the staging rows it applied), so memory is bounded by the chunk and a crash repeats at most one chunk.
/// </summary>
/// <remarks>
/// <para>The collision rule (DESIGN B3) needs a person's Dynamics and Marketo changes in one plan. Marketo's
/// lead-changes feed can only be read forwards, while Dynamics' staging table can be queried by record, so the Marketo
/// side leads: the feed is cut into chunks first, and each Marketo chunk takes with it every staged row of its linked
/// persons (<see cref="ChangeReader.PullStagingRowsAsync"/>), wherever the staging order would have put them. Only
/// then is the rest of the staging table cut into chunks of its own (the feed's last chunk takes the first of them).
/// A row read in a staging chunk therefore has no Marketo change of its person up to the feed's end: such a change
/// would have pulled it into its own chunk. So a Marketo change read in chunk 1 and a Dynamics change of the same
/// person that staging order puts in chunk 5 still collide, and the rule decides, whichever side is newer.</para>
/// <para>What a chunk boundary still changes: a person whose same field Marketo changed twice, on pages of different
/// chunks, while Dynamics changed it too. The first Marketo change collides with the Dynamics change; the second is
/// then a change of its own against the value agreed, as if it had been made after a cycle.</para>
/// <para>When both sides fit one chunk, the cycle is one chunk read as before: both sides side by side, no pull.</para>
/// </remarks>
internal sealed class CycleChunks(ChangeReader reader, StateStore state, string token, IReadOnlySet<Guid> alreadyApplied, int chunkSize)
{
    private readonly HashSet<Guid> _skip = [.. alreadyApplied];
    private bool _marketoDone;
    private int _number;

    /// <summary>The Marketo paging token the committed chunks reached.</summary>
    public string Token { get; private set; } = token;

    /// <summary>Rows applied by a committed cycle or chunk whose delete has not landed yet: skipped by every later read.</summary>
    public IReadOnlyCollection<Guid> Undeleted => _skip;

    /// <summary>Reads the next chunk.</summary>
    public async Task<CycleChunk> NextAsync(CancellationToken cancellationToken)
    {
        _number++;
        if (_marketoDone)
        {
            var (rows, exhausted) = await reader.ReadStagingRowsAsync(_skip, chunkSize, cancellationToken).ConfigureAwait(false);
            var read = new MarketoRead { NextToken = Token, Exhausted = true };
            return new CycleChunk(_number, await reader.ToStagedAsync(rows, cancellationToken).ConfigureAwait(false), read, exhausted);
        }

        // The first chunk reads both sides side by side, as an unchunked cycle does; its staging read is kept only when
        // the feed fits the chunk (otherwise those rows wait for the staging chunks, after every Marketo chunk).
        var staging = _number == 1 ? reader.ReadStagingRowsAsync(_skip, chunkSize, cancellationToken) : null;
        var marketoRead = reader.ReadMarketoAsync(Token, chunkSize, cancellationToken);
        await Task.WhenAll(staging is null ? [marketoRead] : [marketoRead, staging]).ConfigureAwait(false);
        var marketo = await marketoRead.ConfigureAwait(false);
        _marketoDone = marketo.Exhausted;
        List<StagingRow> chunkRows = [];
        var stagingDone = false;
        if (_marketoDone)
        {
            (chunkRows, stagingDone) = staging is null
                ? await reader.ReadStagingRowsAsync(_skip, chunkSize, cancellationToken).ConfigureAwait(false)
                : await staging.ConfigureAwait(false);
        }

        if (!stagingDone)
        {
            var inChunk = chunkRows.Select(r => r.StagingId).ToHashSet();
            var pulled = await PullAsync(marketo, cancellationToken).ConfigureAwait(false);
            // Staging order (DESIGN B23) across the rows read in order and the rows pulled by record.
            chunkRows = [.. chunkRows.Concat(pulled.Where(r => inChunk.Add(r.StagingId))).OrderBy(r => r.VersionNumber ?? long.MaxValue)];
        }

        var staged = await reader.ToStagedAsync(chunkRows, cancellationToken).ConfigureAwait(false);
        return new CycleChunk(_number, staged, marketo, _marketoDone && stagingDone);
    }

    /// <summary>Records the chunk as committed: the token it reached and the applied rows whose delete did not land.</summary>
    public void Committed(CycleChunk chunk, IReadOnlyCollection<Guid> left)
    {
        Token = chunk.Read.NextToken;
        _skip.Clear();
        _skip.UnionWith(left);
    }

    private async Task<List<StagingRow>> PullAsync(MarketoRead marketo, CancellationToken cancellationToken)
    {
        if (marketo.Changes.Count == 0)
        {
            return [];
        }

        var links = await state.GetLinksAsync(marketo.Changes.Select(c => c.LeadId).Distinct(), cancellationToken).ConfigureAwait(false);
        var records = links.Select(l => l.Record.Id).ToList();
        return records.Count == 0 ? [] : await reader.PullStagingRowsAsync(records, _skip, cancellationToken).ConfigureAwait(false);
    }
}
