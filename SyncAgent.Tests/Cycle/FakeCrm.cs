using System.Net;
using System.Text.Json;
using CrmSync.SyncAgent.Cycle.Ports;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Dataverse.Batch;
using CrmSync.SyncAgent.Dataverse.Metadata;
using CrmSync.SyncAgent.Dataverse.Staging;
using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Tests.Cycle;

/// <summary>
/// Dynamics in memory for the cycle's unit tests: a staging table, leads and contacts, and every write the cycle
/// sends. Updates of a missing record answer 404, a create of an id already there 412, as Dataverse does; faults are
/// switched on by the test.
/// </summary>
internal sealed class FakeCrm : CrmPort
{
    private long _requests;

    public override Uri ServiceRoot { get; } = new("https://org.example/api/data/v9.2/");

    public override long Requests => _requests;

    public override long Throttled => 0;

    /// <summary>The staging table, in the order Dynamics wrote it.</summary>
    public List<StagingRow> Staging { get; } = [];

    /// <summary>Leads and contacts: attribute → value.</summary>
    public Dictionary<RecordKey, Dictionary<string, JsonElement>> Records { get; } = [];

    /// <summary>Records created with a client-chosen id (sync-result activities), by id.</summary>
    public Dictionary<Guid, RecordWrite> Created { get; } = [];

    /// <summary>Every write sent through <see cref="ApplyWritesAsync"/>, in order, repeats included.</summary>
    public List<RecordWrite> Writes { get; } = [];

    /// <summary>Answers a write with a refusal instead of applying it (null: apply it).</summary>
    public Func<RecordWrite, RecordWriteResult?>? Refuse { get; set; }

    /// <summary>Thrown once after the next writes were applied: the connection died after the batch landed.</summary>
    public Exception? FailAfterWrites { get; set; }

    /// <summary>Thrown after the writes of the <c>Call</c>-th <see cref="ApplyWritesAsync"/> call (from 1) were applied.</summary>
    public (int Call, Exception Fault)? FailAfterWritesCall { get; set; }

    /// <summary><see cref="ApplyWritesAsync"/> calls made.</summary>
    public int WriteCalls { get; private set; }

    /// <summary>How many following delete calls answer 503 for every row.</summary>
    public int FailingDeleteCalls { get; set; }

    public void Add(RecordKey record, params (string Attribute, string? Value)[] attributes) =>
        Records[record] = attributes.ToDictionary(a => a.Attribute, a => JsonSerializer.SerializeToElement(a.Value), StringComparer.OrdinalIgnoreCase);

    public StagingRow Stage(Guid stagingId, RecordKey record, string message, params (string Attribute, string Value)[] changes) =>
        Stage(stagingId, record, message, new DateTimeOffset(2026, 3, 1, 8, 59, 0, TimeSpan.Zero), changes);

    /// <summary>A staging row as the plug-in writes it, changed at <paramref name="changedOn"/> (whole seconds, as Dataverse stores it).</summary>
    public StagingRow Stage(Guid stagingId, RecordKey record, string message, DateTimeOffset changedOn, params (string Attribute, string Value)[] changes)
    {
        var row = new StagingRow
        {
            StagingId = stagingId,
            Entity = record.Entity.ToLogicalName(),
            RecordId = record.Id,
            Message = message,
            Changes = changes.ToDictionary(c => c.Attribute, c => ChangeValue.FromString(c.Value), StringComparer.OrdinalIgnoreCase),
            ChangedOn = changedOn,
            VersionNumber = Staging.Count + 1,
        };
        Staging.Add(row);
        return row;
    }

    public string? Value(RecordKey record, string attribute) =>
        Records[record].TryGetValue(attribute, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public List<RecordWrite> UpdatesOf(RecordKey record) =>
        [.. Writes.Where(w => w.Kind == RecordWriteKind.Update && w.Id == record.Id && w.Entity == record.Entity.ToLogicalName())];

    public override IAsyncEnumerable<IReadOnlyList<StagingRow>> ReadStagingPagesAsync(int pageSize, CancellationToken cancellationToken)
    {
        _requests++;
        IReadOnlyList<StagingRow>[] pages = [.. Staging.ToList().Chunk(pageSize)];
        return pages.ToAsyncEnumerable();
    }

    /// <summary>Calls of <see cref="ReadStagingOfRecordsAsync"/> (a chunk's Dynamics side of its Marketo persons).</summary>
    public int StagingPulls { get; private set; }

    public override IAsyncEnumerable<IReadOnlyList<StagingRow>> ReadStagingOfRecordsAsync(IReadOnlyCollection<Guid> recordIds, CancellationToken cancellationToken)
    {
        _requests++;
        StagingPulls++;
        var wanted = recordIds.ToHashSet();
        IReadOnlyList<StagingRow>[] pages = [Staging.Where(r => wanted.Contains(r.RecordId)).ToList()];
        return pages.ToAsyncEnumerable();
    }

    public override Task<IReadOnlyList<RecordWriteResult>> DeleteStagingRowsAsync(IReadOnlyCollection<Guid> stagingIds, CancellationToken cancellationToken)
    {
        _requests++;
        var failing = FailingDeleteCalls > 0;
        FailingDeleteCalls = Math.Max(0, FailingDeleteCalls - 1);
        var results = new List<RecordWriteResult>();
        foreach (var id in stagingIds)
        {
            var write = RecordWrite.Delete(id.ToString("D"), "crmsync_syncevent", id);
            results.Add(failing
                ? new RecordWriteResult(write, RecordWriteOutcome.Failed, HttpStatusCode.ServiceUnavailable, null, "Service unavailable")
                : Staging.RemoveAll(r => r.StagingId == id) > 0
                    ? new RecordWriteResult(write, RecordWriteOutcome.Succeeded, HttpStatusCode.NoContent, null, null)
                    : new RecordWriteResult(write, RecordWriteOutcome.NotFound, HttpStatusCode.NotFound, "0x80040217", "Does Not Exist"));
        }

        return Task.FromResult<IReadOnlyList<RecordWriteResult>>(results);
    }

    public override IAsyncEnumerable<DataverseRecord> ReadByIdsAsync(
        string entity, IEnumerable<Guid> ids, IReadOnlyCollection<string> columns, CancellationToken cancellationToken)
    {
        _requests++;
        var wanted = ids.ToHashSet();
        return Read(entity, columns).Where(r => wanted.Contains(r.Id)).ToList().ToAsyncEnumerable();
    }

    public override IAsyncEnumerable<DataverseRecord> ReadAllAsync(
        string entity, IReadOnlyCollection<string> columns, string? filter, CancellationToken cancellationToken)
    {
        _requests++;
        Assert.Null(filter);
        return Read(entity, columns).OrderBy(r => r.Id).ToList().ToAsyncEnumerable();
    }

    public override Task<IReadOnlyList<RecordWriteResult>> ApplyWritesAsync(IReadOnlyList<RecordWrite> writes, CancellationToken cancellationToken)
    {
        _requests++;
        WriteCalls++;
        var results = new List<RecordWriteResult>();
        foreach (var write in writes)
        {
            Writes.Add(write);
            results.Add(Refuse?.Invoke(write) ?? Apply(write));
        }

        if (FailAfterWrites is { } fault)
        {
            FailAfterWrites = null;
            throw fault;
        }

        if (WriteCalls == FailAfterWritesCall?.Call)
        {
            throw FailAfterWritesCall.Value.Fault;
        }

        return Task.FromResult<IReadOnlyList<RecordWriteResult>>(results);
    }

    public override Task<EntityColumnAccess> GetColumnAccessAsync(SyncEntity entity, CancellationToken cancellationToken) =>
        Task.FromResult(new EntityColumnAccess(entity.ToLogicalName(), new Dictionary<string, ColumnAccess>()));

    public override Task<EntityColumnAccess> GetColumnAccessAsync(string table, CancellationToken cancellationToken) =>
        Task.FromResult(new EntityColumnAccess(table, new Dictionary<string, ColumnAccess>()));

    private IEnumerable<DataverseRecord> Read(string entity, IReadOnlyCollection<string> columns) =>
        Records.Where(r => r.Key.Entity.ToLogicalName() == entity).Select(r => new DataverseRecord(
            entity,
            r.Key.Id,
            columns.Where(r.Value.ContainsKey).ToDictionary(c => c, c => r.Value[c], StringComparer.OrdinalIgnoreCase),
            "W/\"1\""));

    private RecordWriteResult Apply(RecordWrite write)
    {
        switch (write.Kind)
        {
            case RecordWriteKind.Update when SyncEntityNames.TryParse(write.Entity, out var entity) && Records.TryGetValue(new RecordKey(entity, write.Id), out var record):
                foreach (var (name, value) in write.Body!)
                {
                    record[name] = JsonSerializer.SerializeToElement(value);
                }

                return new RecordWriteResult(write, RecordWriteOutcome.Succeeded, HttpStatusCode.NoContent, null, null);
            case RecordWriteKind.Create when Created.ContainsKey(write.Id):
                return new RecordWriteResult(write, RecordWriteOutcome.AlreadyExists, HttpStatusCode.PreconditionFailed, "0x80040237", "A record with matching key values already exists.");
            case RecordWriteKind.Create:
                Created[write.Id] = write;
                return new RecordWriteResult(write, RecordWriteOutcome.Succeeded, HttpStatusCode.NoContent, null, null);
            default:
                return new RecordWriteResult(write, RecordWriteOutcome.NotFound, HttpStatusCode.NotFound, "0x80040217", "Does Not Exist");
        }
    }
}
