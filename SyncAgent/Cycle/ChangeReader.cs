using CrmSync.Staging;
using CrmSync.SyncAgent.Cycle.Ports;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Dataverse.Staging;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Marketo;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>Reads one cycle's changes from both sides and turns them into the engine's input.</summary>
internal sealed class ChangeReader(CrmPort dataverse, MarketoPort marketo, StateStore state, FieldMapping mapping, ObjectMappings objects)
{
    /// <summary>
    /// The staged rows of at most <paramref name="limit"/> records, in staging order from the first row not in
    /// <paramref name="skip"/>; <c>Exhausted</c> is false when rows are left after them. The cut falls between rows, so
    /// a record's later rows may go to the next chunk: they are later changes and are applied after its earlier ones.
    /// </summary>
    /// <remarks>
    /// Pages hold at most <paramref name="limit"/> + 1 rows (issue 17): a chunk reads what it has room for, plus one row
    /// that tells whether rows are left, instead of reading and parsing a full 5,000-row page to keep 2,000 of it.
    /// Staging order is the query's, whatever the page size (DESIGN B23).
    /// </remarks>
    public async Task<(List<StagingRow> Rows, bool Exhausted)> ReadStagingRowsAsync(
        IReadOnlySet<Guid> skip, int limit, CancellationToken cancellationToken)
    {
        var rows = new List<StagingRow>();
        var records = new HashSet<Guid>();
        var pageSize = limit < int.MaxValue ? limit + 1 : limit;
        await foreach (var page in dataverse.ReadStagingPagesAsync(pageSize, cancellationToken).ConfigureAwait(false))
        {
            foreach (var row in page)
            {
                // A committed cycle or chunk applied this row but its delete failed: its values are older than the shadows.
                if (skip.Contains(row.StagingId))
                {
                    continue;
                }

                if (!records.Contains(row.RecordId) && records.Count >= limit)
                {
                    return (rows, false);
                }

                records.Add(row.RecordId);
                rows.Add(row);
            }
        }

        return (rows, true);
    }

    /// <summary>
    /// The staged rows of <paramref name="records"/> (and of the records their merges took in), less those in
    /// <paramref name="skip"/>: the Dynamics side of the persons a Marketo chunk holds, so a person changed on both sides
    /// is planned in one chunk (DESIGN B22, see <see cref="CycleChunks"/>).
    /// </summary>
    public async Task<List<StagingRow>> PullStagingRowsAsync(IReadOnlyCollection<Guid> records, IReadOnlySet<Guid> skip, CancellationToken cancellationToken)
    {
        var rows = new List<StagingRow>();
        var pulled = new HashSet<Guid>();
        var wanted = records.Where(pulled.Add).ToList();
        // Two rounds: a Merge row's subordinate has rows of its own (its deactivation) that must be planned with the merge.
        for (var round = 0; round < 2 && wanted.Count > 0; round++)
        {
            var subordinates = new List<Guid>();
            await foreach (var page in dataverse.ReadStagingOfRecordsAsync(wanted, cancellationToken).ConfigureAwait(false))
            {
                foreach (var row in page)
                {
                    if (skip.Contains(row.StagingId))
                    {
                        continue;
                    }

                    rows.Add(row);
                    if (row.SubordinateId is { } subordinate && pulled.Add(subordinate))
                    {
                        subordinates.Add(subordinate);
                    }
                }
            }

            wanted = subordinates;
        }

        return rows;
    }

    /// <summary>Staged rows as the engine's input, in staging order; malformed rows are returned apart, with their reason.</summary>
    public async Task<StagedChanges> ToStagedAsync(IEnumerable<StagingRow> rows, CancellationToken cancellationToken)
    {
        var result = new StagedChanges();
        foreach (var row in rows)
        {
            Add(result, row);
        }

        // Lookups travel as the referenced record's e-mail or name (DESIGN B14): read them once for the whole chunk.
        await LookupResolver.ResolveAsync(dataverse, mapping, result.Changes, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private void Add(StagedChanges result, StagingRow row)
    {
        result.StagingIds.Add(row.StagingId);
        if (!row.IsPoison && EntityKinds.OneWayFor(row.Entity) is { } kind)
        {
            // A one-way kind's row (DESIGN B16). Staged while the kind is not enabled (the steps still list its
            // columns until fields --apply runs again): nothing of it syncs, and the row is deleted.
            if (objects.For(kind) is { } objectMapping && ToObjectChange(row, objectMapping) is { } objectChange)
            {
                result.ObjectChanges.Add(objectChange);
            }

            return;
        }

        if (ToChange(row) is { } change)
        {
            result.Changes.Add(change);
        }
        else
        {
            result.Poison.Add(row.IsPoison ? row : row with { PoisonReason = NothingSyncedReason(row) });
        }
    }

    /// <summary>
    /// The Marketo changes since <paramref name="pagingToken"/>, at most <paramref name="limit"/> change activities (so
    /// at most that many persons), and the token to store once they are applied. Each page asks for no more than the
    /// chunk has room for, so the chunk never overshoots its limit. Echoes
    /// are dropped page by page by the engine's <see cref="MarketoEchoFilter"/>: after a backfill or a large write those
    /// are nearly all the activities (tools/BENCHMARKS.md, first-run memory). This reader only gathers the links and
    /// shadows the filter asks for.
    /// </summary>
    public async Task<MarketoRead> ReadMarketoAsync(string pagingToken, int limit, CancellationToken cancellationToken)
    {
        var read = new MarketoRead { NextToken = pagingToken, Exhausted = false };
        var filter = new MarketoEchoFilter();
        var page = new List<MarketoChange>(300);
        while (!read.Exhausted && read.Read < limit)
        {
            // One page a request: the next one's batch size is what the chunk has room for.
            var leadChanges = await FirstPageAsync(read.NextToken, Math.Min(300, limit - read.Read), cancellationToken).ConfigureAwait(false);
            page.Clear();
            foreach (var change in leadChanges.Changes)
            {
                page.Add(ToChange(change));
            }

            read.Read += page.Count;
            var (linked, shadows) = await LoadShadowsAsync(page, filter.Candidates(page), cancellationToken).ConfigureAwait(false);
            read.Changes.AddRange(filter.Keep(page, linked, shadows));
            read.NextToken = leadChanges.NextPageToken;
            read.Exhausted = !leadChanges.MoreResult;
        }

        read.EchoesDropped = filter.EchoesDropped;
        read.EchoFields = filter.EchoFields;
        return read;
    }

    private async Task<LeadChangePage> FirstPageAsync(string pagingToken, int batchSize, CancellationToken cancellationToken)
    {
        await foreach (var leadChanges in marketo.ReadLeadChangesAsync(pagingToken, mapping.MarketoFields, batchSize, cancellationToken).ConfigureAwait(false))
        {
            return leadChanges;
        }

        return new LeadChangePage([], pagingToken, false);
    }

    /// <summary>Which of <paramref name="candidates"/> are linked, and their shadows of the fields <paramref name="page"/> reports.</summary>
    private async Task<(IReadOnlySet<long> Linked, ShadowIndex Shadows)> LoadShadowsAsync(
        List<MarketoChange> page, IReadOnlySet<long> candidates, CancellationToken cancellationToken)
    {
        var linked = new HashSet<long>();
        IReadOnlyList<ShadowValue> found = [];
        if (candidates.Count > 0)
        {
            foreach (var link in await state.GetLinksAsync(candidates, cancellationToken).ConfigureAwait(false))
            {
                linked.Add(link.MarketoId);
            }

            if (linked.Count > 0)
            {
                var fields = new HashSet<string>(StringComparer.Ordinal);
                foreach (var change in page)
                {
                    if (linked.Contains(change.LeadId))
                    {
                        fields.UnionWith(change.Fields.Keys);
                    }
                }

                found = await state.GetShadowsAsync(linked, fields, cancellationToken).ConfigureAwait(false);
            }
        }

        return (linked, new ShadowIndex(found));
    }

    /// <summary>A one-way kind's row as the engine plans it: its mapped columns, canonical.</summary>
    private static ObjectChange? ToObjectChange(StagingRow row, ObjectMapping mapping)
    {
        if (!TryParseMessage(row.Message, out var message) || row.RecordId == Guid.Empty)
        {
            return null;
        }

        var attributes = new Dictionary<string, FieldValue>(StringComparer.OrdinalIgnoreCase);
        foreach (var (column, value) in row.Changes)
        {
            if (mapping.ByDynamics(column) is { } field)
            {
                attributes[column] = ValueConverter.FromDataverse(value, field.ReadKind);
            }
            else if (mapping.IsRoleColumn(column))
            {
                attributes[column] = ValueConverter.FromDataverse(value, FieldKind.Lookup);
            }
        }

        return new ObjectChange(mapping.Kind, row.RecordId, message, attributes, message == CrmMessage.Merge ? row.SubordinateId : null);
    }

    private CrmChange? ToChange(StagingRow row)
    {
        if (row.IsPoison || !SyncEntityNames.TryParse(row.Entity, out var entity) || !TryParseMessage(row.Message, out var message))
        {
            return null;
        }

        var attributes = new Dictionary<string, FieldValue>(row.Changes.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (attribute, value) in row.Changes)
        {
            if (mapping.TryGetByDynamics(entity, attribute, out var map))
            {
                attributes[attribute] = ValueConverter.FromDataverse(value, map.Kind);
            }
            else if (string.Equals(attribute, SyncFilter.AttributeName, StringComparison.OrdinalIgnoreCase))
            {
                attributes[attribute] = ValueConverter.FromDataverse(value, FieldKind.Boolean);
            }

            // Any other attribute left the mapping since the row was staged: it is no longer synced.
        }

        if (attributes.Count == 0 && row.Changes.Count > 0 && message != CrmMessage.Delete)
        {
            // Nothing in it is synced: quarantined with a reason, so a stale plug-in step configuration shows up.
            return null;
        }

        return new CrmChange(new RecordKey(entity, row.RecordId), message, attributes, row.ChangedOn, row.OriginatingLeadId, row.SubordinateId);
    }

    private MarketoChange ToChange(LeadChange change)
    {
        var fields = new Dictionary<string, FieldValue>(change.Fields.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var field in change.Fields)
        {
            // A Marketo field maps to one kind whichever entity the person is linked to; the lead map is asked first.
            if (mapping.TryGetByMarketo(SyncEntity.Lead, field.Name, out var map) || mapping.TryGetByMarketo(SyncEntity.Contact, field.Name, out map))
            {
                fields[map.Marketo] = ValueConverter.FromMarketo(field.NewValue, map.Kind);
            }
        }

        return new MarketoChange(change.LeadId, fields, change.ActivityDate);
    }

    private string NothingSyncedReason(StagingRow row) => row.Changes.Count == 0
        ? "unknown entity or message"
        : $"none of its attributes is synced ({string.Join(", ", row.Changes.Keys.Select(k => $"'{k}'"))} not in CrmSync:Sync:Fields for {row.Entity}); "
            + $"run `crmsync fields --apply` so the plug-in steps match the mapping (mapped: {string.Join(", ", mapping.DynamicsAttributes(SyncEntityNames.TryParse(row.Entity, out var e) ? e : SyncEntity.Lead))})";

    private static bool TryParseMessage(string? message, out CrmMessage parsed)
    {
        switch (message)
        {
            case SyncMessages.Create:
                parsed = CrmMessage.Create;
                return true;
            case SyncMessages.Update:
                parsed = CrmMessage.Update;
                return true;
            case SyncMessages.Delete:
                parsed = CrmMessage.Delete;
                return true;
            case SyncMessages.Merge:
                parsed = CrmMessage.Merge;
                return true;
            default:
                parsed = default;
                return false;
        }
    }
}

/// <summary>What one read of the staging table found.</summary>
internal sealed class StagedChanges
{
    /// <summary>Changes the engine can plan, in staging order.</summary>
    public List<CrmChange> Changes { get; } = [];

    /// <summary>Rows that cannot be planned (malformed JSON, unknown entity or message): quarantined with a reason.</summary>
    public List<StagingRow> Poison { get; } = [];

    /// <summary>Every row read, to delete once the cycle committed.</summary>
    public List<Guid> StagingIds { get; } = [];

    /// <summary>Changes of the enabled one-way kinds (accounts), in staging order.</summary>
    public List<ObjectChange> ObjectChanges { get; } = [];
}

/// <summary>What one read of Marketo's lead changes found.</summary>
internal sealed class MarketoRead
{
    /// <summary>Changes to plan, in activity order (echoes of linked persons dropped).</summary>
    public List<MarketoChange> Changes { get; } = [];

    /// <summary>Every change activity read, echoes included.</summary>
    public int Read { get; set; }

    /// <summary>Change activities dropped as echoes.</summary>
    public int EchoesDropped { get; set; }

    /// <summary>Fields of the dropped echoes, counted as echoes in the plan statistics.</summary>
    public int EchoFields { get; set; }

    /// <summary>The paging token to store once the changes are applied.</summary>
    public required string NextToken { get; set; }

    /// <summary>False when the feed has more changes after <see cref="NextToken"/> (the read stopped at its limit).</summary>
    public bool Exhausted { get; set; }
}
