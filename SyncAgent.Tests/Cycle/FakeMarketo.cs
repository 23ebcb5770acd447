using System.Text.Json;
using CrmSync.SyncAgent.Cycle.Ports;
using CrmSync.SyncAgent.Marketo;

namespace CrmSync.SyncAgent.Tests.Cycle;

/// <summary>
/// Marketo in memory for the cycle's unit tests: persons, a lead-changes feed by paging token, Sync Leads with
/// create-or-update by e-mail and update-only by id (1004 when the person is missing), and custom activities.
/// </summary>
internal sealed class FakeMarketo : MarketoPort
{
    private const int ActivityTypeId = 100001;
    private long _calls;
    private long _nextId = 9001;

    public override long RestCalls => _calls;

    public override long RateLimited => 0;

    /// <summary>Persons by id: field → text (null when empty).</summary>
    public Dictionary<long, Dictionary<string, string?>> Persons { get; } = [];

    /// <summary>The page of changes after each paging token (a token not listed has no changes).</summary>
    public Dictionary<string, LeadChangePage> Feed { get; } = [];

    /// <summary>Sync Leads calls made.</summary>
    public int SyncLeadsCalls { get; private set; }

    /// <summary>Custom activities added.</summary>
    public List<CustomActivity> Activities { get; } = [];

    /// <summary>An updateOnly record writing this field is skipped with this reason (e.g. a field Marketo does not know).</summary>
    public (string Field, MarketoReason Reason)? RefuseField { get; set; }

    /// <summary>Thrown by Merge Leads while set.</summary>
    public Exception? FailMerge { get; set; }

    /// <summary>Thrown once after the next Sync Leads call was applied: the response was lost.</summary>
    public Exception? FailAfterSync { get; set; }

    /// <summary>Thrown by every custom activity call while set: Marketo unreachable for notices.</summary>
    public Exception? FailActivities { get; set; }

    public void Add(long id, params (string Field, string? Value)[] fields) =>
        Persons[id] = fields.ToDictionary(f => f.Field, f => f.Value, StringComparer.OrdinalIgnoreCase);

    /// <summary>One Change Data Value of <paramref name="leadId"/> on the page after <paramref name="token"/>.</summary>
    public void Change(string token, string nextToken, long leadId, string field, string? oldValue, string? newValue)
    {
        var changes = Feed.TryGetValue(token, out var page) ? page.Changes : [];
        var change = new LeadChange(
            $"guid-{leadId}-{changes.Count}",
            leadId,
            new DateTimeOffset(2026, 3, 1, 8, 58, 0, TimeSpan.Zero),
            LeadChange.ChangeDataValueTypeId,
            [new FieldChange(field, null, JsonSerializer.SerializeToElement(newValue), JsonSerializer.SerializeToElement(oldValue))],
            new Dictionary<string, JsonElement>());
        Feed[token] = new LeadChangePage([.. changes, change], nextToken, false);
    }

    /// <summary>
    /// A page of Change Data Value activities after <paramref name="token"/>, made at <paramref name="at"/>;
    /// <paramref name="more"/> says whether Marketo has a further page after <paramref name="nextToken"/>.
    /// </summary>
    public void Page(string token, string nextToken, bool more, DateTimeOffset at, params (long LeadId, string Field, string? NewValue)[] changes) =>
        Feed[token] = new LeadChangePage(
            [.. changes.Select((c, i) => new LeadChange(
                $"guid-{token}-{i}",
                c.LeadId,
                at,
                LeadChange.ChangeDataValueTypeId,
                [new FieldChange(c.Field, null, JsonSerializer.SerializeToElement(c.NewValue), JsonSerializer.SerializeToElement((string?)null))],
                new Dictionary<string, JsonElement>()))],
            nextToken,
            more);

    /// <summary>Lead-changes pages served (a page with <c>moreResult</c> is followed by the page after its token).</summary>
    public int LeadChangePagesRead { get; private set; }

    /// <summary>Lead-database objects by object name (e.g. <c>companies</c>), then by external id: field → raw JSON.</summary>
    public Dictionary<string, Dictionary<string, Dictionary<string, JsonElement>>> Objects { get; } = [];

    /// <summary>When set, the next Sync call on that object (e.g. <c>opportunities/roles</c>) throws the fault (once) and writes nothing.</summary>
    public (string ObjectName, Exception Fault)? FailSyncObjects { get; set; }

    /// <summary>Sync calls that wrote, by object name.</summary>
    public Dictionary<string, int> SyncObjectsCalls { get; } = [];

    public override Task<IReadOnlyList<MarketoRecordResult>> SyncObjectsAsync(
        string objectName, IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> records, CancellationToken cancellationToken)
    {
        _calls++;
        if (FailSyncObjects is { } failure && failure.ObjectName == objectName)
        {
            FailSyncObjects = null;
            return Task.FromException<IReadOnlyList<MarketoRecordResult>>(failure.Fault);
        }

        SyncObjectsCalls[objectName] = SyncObjectsCalls.GetValueOrDefault(objectName) + 1;
        var store = Objects.TryGetValue(objectName, out var found) ? found : Objects[objectName] = [];
        var results = new List<MarketoRecordResult>();
        foreach (var record in records)
        {
            var key = record.First(r => r.Key.StartsWith("external", StringComparison.Ordinal)).Value.GetString()!;
            var created = !store.ContainsKey(key);
            var fields = created ? store[key] = [] : store[key];
            foreach (var (name, value) in record)
            {
                fields[name] = value;
            }

            results.Add(new MarketoRecordResult(results.Count, _nextId++, null, created ? MarketoRecordStatus.Created : MarketoRecordStatus.Updated, []));
        }

        return Task.FromResult<IReadOnlyList<MarketoRecordResult>>(results);
    }

    public override Task<IReadOnlyList<JsonElement>> GetObjectsByFilterAsync(
        string objectName, string filterType, IEnumerable<string> values, IReadOnlyCollection<string> fields, CancellationToken cancellationToken)
    {
        _calls++;
        var wanted = values.ToHashSet(StringComparer.Ordinal);
        var found = Objects.TryGetValue(objectName, out var store)
            ? store.Values.Where(r => r.TryGetValue(filterType, out var v) && v.ValueKind == JsonValueKind.String && wanted.Contains(v.GetString()!))
                .Select(r => JsonSerializer.SerializeToElement(r)).ToList()
            : [];
        return Task.FromResult<IReadOnlyList<JsonElement>>(found);
    }

    /// <summary>When set, every Delete call skips each record with this reason (e.g. 1003) and deletes nothing.</summary>
    public MarketoReason? RefuseDeletes { get; set; }

    public override Task<IReadOnlyList<MarketoRecordResult>> DeleteObjectsAsync(
        string objectName, IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> keys, CancellationToken cancellationToken)
    {
        _calls++;
        var results = new List<MarketoRecordResult>();
        foreach (var key in keys)
        {
            if (RefuseDeletes is { } refused)
            {
                results.Add(new MarketoRecordResult(results.Count, null, null, MarketoRecordStatus.Skipped, [refused]));
                continue;
            }

            var deleted = Objects.TryGetValue(objectName, out var store) && store.Remove(key.Values.First().GetString()!);
            results.Add(new MarketoRecordResult(results.Count, null, null, deleted ? MarketoRecordStatus.Deleted : MarketoRecordStatus.Skipped,
                deleted ? [] : [new MarketoReason { Code = "1013", Message = "Object not found" }]));
        }

        return Task.FromResult<IReadOnlyList<MarketoRecordResult>>(results);
    }

    public override Task<string> GetPagingTokenAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        _calls++;
        return Task.FromResult("token-1");
    }

    public override async IAsyncEnumerable<LeadChangePage> ReadLeadChangesAsync(
        string pagingToken, IReadOnlyCollection<string> fields, int batchSize = 300, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var token = pagingToken;
        while (true)
        {
            _calls++;
            LeadChangePagesRead++;
            var page = Feed.TryGetValue(token, out var found) ? found : new LeadChangePage([], token, false);
            Assert.True(page.Changes.Count <= batchSize, $"A page of {page.Changes.Count} changes was read with batchSize {batchSize}.");
            yield return page;
            if (!page.MoreResult)
            {
                yield break;
            }

            token = page.NextPageToken;
            await Task.Yield();
        }
    }

    public override Task<IReadOnlyList<MarketoRecordResult>> SyncLeadsAsync(
        SyncLeadsAction action, string lookupField, IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> records, CancellationToken cancellationToken)
    {
        _calls++;
        SyncLeadsCalls++;
        var results = new List<MarketoRecordResult>();
        for (var i = 0; i < records.Count; i++)
        {
            var fields = records[i].Where(f => f.Key != "id").ToDictionary(f => f.Key, f => MarketoValues.ToText(f.Value), StringComparer.OrdinalIgnoreCase);
            if (RefuseField is { } refused && fields.ContainsKey(refused.Field))
            {
                results.Add(new MarketoRecordResult(i, null, null, MarketoRecordStatus.Skipped, [refused.Reason]));
                continue;
            }

            long? id = action == SyncLeadsAction.UpdateOnly
                ? (Persons.ContainsKey(records[i]["id"].GetInt64()) ? records[i]["id"].GetInt64() : null)
                : Persons.Where(p => string.Equals(p.Value.GetValueOrDefault("email"), fields["email"], StringComparison.OrdinalIgnoreCase)).Select(p => (long?)p.Key).FirstOrDefault();
            if (id is null && action == SyncLeadsAction.UpdateOnly)
            {
                results.Add(new MarketoRecordResult(i, null, null, MarketoRecordStatus.Skipped, [new MarketoReason { Code = "1004", Message = "Lead not found" }]));
                continue;
            }

            var status = id is null ? MarketoRecordStatus.Created : MarketoRecordStatus.Updated;
            var personId = id ?? _nextId++;
            var person = Persons.TryGetValue(personId, out var existing) ? existing : Persons[personId] = new(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, value) in fields)
            {
                person[name] = value;
            }

            results.Add(new MarketoRecordResult(i, personId, null, status, []));
        }

        if (FailAfterSync is { } fault)
        {
            FailAfterSync = null;
            throw fault;
        }

        return Task.FromResult<IReadOnlyList<MarketoRecordResult>>(results);
    }

    public override Task<IReadOnlyList<MarketoLead>> GetLeadsByFilterAsync(
        string filterType, IEnumerable<string> values, IReadOnlyCollection<string> fields, CancellationToken cancellationToken)
    {
        _calls++;
        var wanted = values.ToHashSet(StringComparer.OrdinalIgnoreCase);
        IReadOnlyList<MarketoLead> found = [.. Persons
            .Where(p => p.Value.GetValueOrDefault(filterType) is { } value && wanted.Contains(value))
            .Select(p => new MarketoLead(p.Key, fields
                .Where(f => p.Value.GetValueOrDefault(f) is not null)
                .ToDictionary(f => f, f => MarketoValues.String(p.Value[f]!), StringComparer.Ordinal)))];
        return Task.FromResult(found);
    }

    public override Task<CustomActivityType> EnsureCustomActivityTypeAsync(CustomActivityTypeDefinition definition, CancellationToken cancellationToken)
    {
        _calls++;
        return FailActivities is { } fault ? Task.FromException<CustomActivityType>(fault) : Task.FromResult(new CustomActivityType(ActivityTypeId, definition.ApiName, "approved"));
    }

    public override Task<IReadOnlyList<MarketoRecordResult>> AddCustomActivitiesAsync(IReadOnlyList<CustomActivity> activities, CancellationToken cancellationToken)
    {
        _calls++;
        if (FailActivities is { } fault)
        {
            return Task.FromException<IReadOnlyList<MarketoRecordResult>>(fault);
        }

        Activities.AddRange(activities);
        return Task.FromResult<IReadOnlyList<MarketoRecordResult>>([.. activities.Select((a, i) => new MarketoRecordResult(i, 70000 + Activities.Count - activities.Count + i, null, MarketoRecordStatus.Added, []))]);
    }

    /// <summary>The Merge Leads activities the feed holds after any token.</summary>
    public List<LeadMerge> MergeActivities { get; } = [];

    public override Task<IReadOnlyList<LeadMerge>> ReadLeadMergesAsync(string pagingToken, CancellationToken cancellationToken)
    {
        _calls++;
        return Task.FromResult<IReadOnlyList<LeadMerge>>([.. MergeActivities]);
    }

    /// <summary>Merge Leads calls made: (winner, loser).</summary>
    public List<(long Winner, long Loser)> Merges { get; } = [];

    public override Task MergeLeadsAsync(long winnerId, long loserId, CancellationToken cancellationToken)
    {
        _calls++;
        if (FailMerge is { } failure)
        {
            throw failure;
        }

        if (!Persons.TryGetValue(winnerId, out var winner) || !Persons.Remove(loserId, out var loser))
        {
            throw new MarketoApiException("1004", "Lead not found");
        }

        foreach (var (field, value) in loser)
        {
            if (value is not null && winner.GetValueOrDefault(field) is null)
            {
                winner[field] = value;
            }
        }

        Merges.Add((winnerId, loserId));
        return Task.CompletedTask;
    }

    public override Task<IReadOnlyList<LoggedActivity>> GetLeadActivitiesAsync(
        int activityTypeId, IReadOnlyCollection<long> leadIds, DateTimeOffset since, CancellationToken cancellationToken)
    {
        _calls++;
        IReadOnlyList<LoggedActivity> logged = [.. Activities
            .Where(a => a.ActivityTypeId == activityTypeId && leadIds.Contains(a.LeadId) && a.ActivityDate >= since)
            .Select(a => new LoggedActivity(a.LeadId, a.ActivityDate, a.PrimaryAttributeValue, [.. a.Attributes.Values.Select(v => MarketoValues.ToText(v) ?? "")]))];
        return Task.FromResult(logged);
    }
}
