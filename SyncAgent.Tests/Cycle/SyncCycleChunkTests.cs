using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;
using static CrmSync.SyncAgent.Tests.Cycle.CycleRig;

namespace CrmSync.SyncAgent.Tests.Cycle;

/// <summary>
/// Bounded cycles (DESIGN B22) on in-memory fakes with <c>CrmSync:Sync:ChunkSize</c> 2: each chunk plans, writes and
/// commits on its own; a person changed on both sides collides even when its two changes fall into different chunks;
/// a crash after a chunk's commit repeats at most the next chunk's writes.
/// </summary>
public sealed class SyncCycleChunkTests
{
    private static readonly DateTimeOffset MarketoAt = new(2026, 3, 1, 8, 58, 30, TimeSpan.Zero);

    // Ann (501) is the rig's lead; Bob to Fay are linked the same way, each agreed on both sides.
    private static readonly (long Person, string First, string Last)[] Others =
        [(502, "Bob", "Bell"), (503, "Cid", "Cole"), (504, "Dee", "Dunn"), (505, "Eve", "Eng"), (506, "Fay", "Fox")];

    public static TheoryData<string, string> Winners => new()
    {
        // The default collision rule (DESIGN B3): a lead's collision goes to Marketo, a contact's to Dynamics.
        { "lead", "Anna" },
        { "contact", "Annie" },
    };

    [Theory]
    [MemberData(nameof(Winners))]
    public async Task RunAsync_MarketoChangeInChunk1_DynamicsRowLastInStaging_CollideByTheRule(string entity, string winner)
    {
        await using var rig = await CreateChunkedAsync(entity);
        var ann = AnnRecord(entity);
        // Feed: chunk 1 holds Ann and Bob, chunk 2 Cid and Dee. Staging order puts Ann's row after Cid's and Dee's.
        Edit(rig, "token-1", "token-2", true, MarketoAt, (AnnPerson, "firstName", "Anna"), (502, "firstName", "Bobby"));
        Edit(rig, "token-2", "token-3", false, MarketoAt, (503, "firstName", "Cyd"), (504, "firstName", "Dede"));
        Edit(rig, 1, Lead(503), "lastname", "Coles");
        Edit(rig, 2, Lead(504), "lastname", "Dunne");
        Edit(rig, 3, ann, "firstname", "Annie");

        var report = await rig.CreateSut().RunAsync(null, CancellationToken.None);

        Assert.True(report.Completed);
        Assert.Equal(1, report.Record.Collisions);
        Assert.Equal(winner, rig.Crm.Value(ann, "firstname"));
        Assert.Equal(winner, rig.Marketo.Persons[AnnPerson]["firstName"]);
        Assert.Equal(winner, await rig.ShadowAsync(AnnPerson, "firstName"));
        Assert.Equal(["Bobby", "Cyd", "Dede"], new long[] { 502, 503, 504 }.Select(p => rig.Marketo.Persons[p]["firstName"]));
        Assert.Equal(["Bobby", "Cyd", "Dede"], new long[] { 502, 503, 504 }.Select(p => rig.Crm.Value(Lead(p), "firstname")));
        Assert.Equal(["Coles", "Dunne"], new long[] { 503, 504 }.Select(p => rig.Marketo.Persons[p]["lastName"]));
        Assert.Equal("token-3", await rig.State.GetCursorAsync(CursorNames.MarketoPagingToken));
        Assert.Empty(rig.Crm.Staging);
        // The loser's value never reached the other side: Ann's Dynamics record is written only when Marketo wins.
        Assert.Equal(winner == "Anna" ? 1 : 0, rig.Crm.UpdatesOf(ann).Count);
    }

    [Theory]
    [MemberData(nameof(Winners))]
    public async Task RunAsync_DynamicsRowFirstInStaging_MarketoChangeInChunk2_CollideByTheRule(string entity, string winner)
    {
        await using var rig = await CreateChunkedAsync(entity);
        var ann = AnnRecord(entity);
        // Staging order puts Ann's row first; the feed has Ann in its second chunk of three.
        Edit(rig, 1, ann, "firstname", "Annie");
        Edit(rig, 2, Lead(505), "lastname", "Engel");
        Edit(rig, 3, Lead(506), "lastname", "Foxe");
        Edit(rig, "token-1", "token-2", true, MarketoAt, (502, "firstName", "Bobby"), (503, "firstName", "Cyd"));
        Edit(rig, "token-2", "token-3", true, MarketoAt, (504, "firstName", "Dede"), (AnnPerson, "firstName", "Anna"));
        Edit(rig, "token-3", "token-4", false, MarketoAt, (505, "firstName", "Evie"));

        var report = await rig.CreateSut().RunAsync(null, CancellationToken.None);

        Assert.True(report.Completed);
        Assert.Equal(1, report.Record.Collisions);
        Assert.Equal(winner, rig.Crm.Value(ann, "firstname"));
        Assert.Equal(winner, rig.Marketo.Persons[AnnPerson]["firstName"]);
        Assert.Equal(winner, await rig.ShadowAsync(AnnPerson, "firstName"));
        Assert.Equal(["Evie", "Engel"], new[] { rig.Crm.Value(Lead(505), "firstname"), rig.Marketo.Persons[505]["lastName"] }.AsEnumerable());
        Assert.Equal("Foxe", rig.Marketo.Persons[506]["lastName"]);
        Assert.Equal("token-4", await rig.State.GetCursorAsync(CursorNames.MarketoPagingToken));
        Assert.Empty(rig.Crm.Staging);
        Assert.Equal(winner == "Anna" ? 1 : 0, rig.Crm.UpdatesOf(ann).Count);
    }

    [Fact]
    public async Task RunAsync_FiveStagedRecordsChunkSize2_ThreeChunksEachWrittenOnce()
    {
        await using var rig = await CreateChunkedAsync("lead");
        Edit(rig, 1, AnnRecord("lead"), "lastname", "Lees");
        for (var i = 0; i < 4; i++)
        {
            Edit(rig, 2 + i, Lead(Others[i].Person), "lastname", Others[i].Last + "s");
        }

        var report = await rig.CreateSut().RunAsync(null, CancellationToken.None);

        Assert.True(report.Completed);
        Assert.Equal(5, report.Record.CrmRead);
        Assert.Equal(5, report.Record.MarketoWritten);
        // Chunks of 2, 2 and 1 records: one Sync Leads call each.
        Assert.Equal(3, rig.Marketo.SyncLeadsCalls);
        Assert.Equal(["Lees", "Bells", "Coles", "Dunns", "Engs"], new long[] { AnnPerson, 502, 503, 504, 505 }.Select(p => rig.Marketo.Persons[p]["lastName"]));
        Assert.Empty(rig.Crm.Staging);
        Assert.Single(await rig.State.GetRecentCyclesAsync(5));
    }

    [Fact]
    public async Task RunAsync_CrashAfterChunk1Committed_RestartRepeatsOnlyChunk2sWrites()
    {
        await using var rig = await CreateChunkedAsync("lead");
        Edit(rig, "token-1", "token-2", true, MarketoAt, (AnnPerson, "firstName", "Anna"), (502, "firstName", "Bobby"));
        Edit(rig, "token-2", "token-3", true, MarketoAt, (503, "firstName", "Cyd"), (504, "firstName", "Dede"));
        Edit(rig, "token-3", "token-4", false, MarketoAt, (505, "firstName", "Evie"), (506, "firstName", "Faye"));
        // The second $batch (chunk 2's) lands, then the connection dies: chunk 2 is not committed.
        rig.Crm.FailAfterWritesCall = (2, new HttpRequestException("Connection reset after the $batch landed."));

        await Assert.ThrowsAsync<HttpRequestException>(() => rig.CreateSut().RunAsync(null, CancellationToken.None));

        Assert.Equal("token-2", await rig.State.GetCursorAsync(CursorNames.MarketoPagingToken));
        Assert.Equal(["Anna", "Bobby", "Cid", "Dee"], await ShadowsAsync(rig, AnnPerson, 502, 503, 504));
        Assert.Equal(["Anna", "Bobby", "Cyd", "Dede", "Eve"], new long[] { AnnPerson, 502, 503, 504, 505 }.Select(p => rig.Crm.Value(Lead(p), "firstname")));
        Assert.Equal(CycleOutcome.Failed, (await rig.State.GetRecentCyclesAsync(1))[0].Outcome);

        var report = await rig.CreateSut().RunAsync(null, CancellationToken.None);

        Assert.True(report.Completed);
        Assert.Equal("token-4", await rig.State.GetCursorAsync(CursorNames.MarketoPagingToken));
        Assert.Equal(["Anna", "Bobby", "Cyd", "Dede", "Evie", "Faye"], await ShadowsAsync(rig, AnnPerson, 502, 503, 504, 505, 506));
        Assert.Equal(["Anna", "Bobby", "Cyd", "Dede", "Evie", "Faye"], new long[] { AnnPerson, 502, 503, 504, 505, 506 }.Select(p => rig.Crm.Value(Lead(p), "firstname")));
        // Written once each, but chunk 2's two persons twice: at most one chunk repeated, nothing lost.
        Assert.Equal([1, 1, 2, 2, 1, 1], new long[] { AnnPerson, 502, 503, 504, 505, 506 }.Select(p => rig.Crm.UpdatesOf(Lead(p)).Count));
        Assert.Equal(8, rig.Crm.Writes.Count);
        Assert.Equal(0, rig.Marketo.SyncLeadsCalls);
    }

    /// <summary>A Marketo page of edits after <paramref name="token"/>: the persons hold the new values, the feed reports them.</summary>
    private static void Edit(CycleRig rig, string token, string nextToken, bool more, DateTimeOffset at, params (long LeadId, string Field, string? NewValue)[] changes)
    {
        rig.Marketo.Page(token, nextToken, more, at, changes);
        foreach (var (person, field, value) in changes)
        {
            rig.Marketo.Persons[person][field] = value;
        }
    }

    /// <summary>A Dynamics edit: the record holds the new value and the plug-in staged it as row <paramref name="row"/>.</summary>
    private static void Edit(CycleRig rig, int row, RecordKey record, string attribute, string value)
    {
        rig.Crm.Stage(StagingId(row), record, "Update", (attribute, value));
        rig.Crm.Records[record][attribute] = System.Text.Json.JsonSerializer.SerializeToElement(value);
    }

    private static RecordKey Lead(long person) => person == AnnPerson ? Ann : new(SyncEntity.Lead, new Guid($"00000000-0000-0000-0000-00000000a{person - 500:D3}"));

    private static RecordKey AnnRecord(string entity) => entity == "lead" ? Ann : new(SyncEntity.Contact, new Guid("00000000-0000-0000-0000-00000000c001"));

    /// <summary>A rig with ChunkSize 2, Ann linked as <paramref name="entity"/> and Bob to Fay as leads, all agreed.</summary>
    private static async Task<CycleRig> CreateChunkedAsync(string entity)
    {
        var rig = await CreateAsync();
        rig.Sync.ChunkSize = 2;
        foreach (var (person, record, first, last) in new[] { (AnnPerson, AnnRecord(entity), "Ann", "Lee") }
            .Concat(Others.Select(o => (o.Person, Lead(o.Person), o.First, o.Last))))
        {
            var email = $"{first.ToLowerInvariant()}@example.com";
            rig.Crm.Add(record, ("emailaddress1", email), ("firstname", first), ("lastname", last));
            rig.Marketo.Add(person, ("email", email), ("firstName", first), ("lastName", last));
            await rig.LinkAsync(person, record, ("email", email), ("firstName", first), ("lastName", last));
        }

        return rig;
    }

    private static async Task<IEnumerable<string?>> ShadowsAsync(CycleRig rig, params long[] persons)
    {
        var shadows = new List<string?>();
        foreach (var person in persons)
        {
            shadows.Add(await rig.ShadowAsync(person, "firstName"));
        }

        return shadows;
    }
}
