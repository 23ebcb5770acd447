using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Engine;
using static CrmSync.SyncAgent.Tests.Cycle.CycleRig;

namespace CrmSync.SyncAgent.Tests.Cycle;

/// <summary>The first run's backfill (DESIGN B8) on in-memory fakes: every record linked, matched by e-mail before one is created.</summary>
public sealed class BackfillTests
{
    private static readonly RecordKey Bob = new(SyncEntity.Lead, new Guid("00000000-0000-0000-0000-00000000b002"));

    [Fact]
    public async Task RunAsync_PersonWithSameEmail_LinksItInsteadOfCreating()
    {
        await using var rig = await CreateAsync(firstRun: true);
        rig.Crm.Add(Ann, ("emailaddress1", "ann@example.com"), ("firstname", "Ann"), ("lastname", "Lee"));
        rig.Crm.Add(Bob, ("emailaddress1", "bob@example.com"), ("firstname", "Bob"), ("lastname", "Stone"));
        // Marketo holds no last name: a blank on one side is no collision, the record's value is copied.
        rig.Marketo.Add(AnnPerson, ("email", "ann@example.com"), ("firstName", "Ann"));

        var result = await rig.CreateBackfill().RunAsync(null, CancellationToken.None);

        Assert.Equal(2, result.Linked);
        Assert.Equal(0, result.Collisions);
        Assert.Equal(AnnPerson, (await rig.State.FindLinkAsync(Ann))?.MarketoId);
        Assert.Equal(9001, (await rig.State.FindLinkAsync(Bob))?.MarketoId);
        Assert.Equal([AnnPerson, 9001], rig.Marketo.Persons.Keys.Order());
        Assert.Equal("Lee", rig.Marketo.Persons[AnnPerson]["lastName"]);
        Assert.Equal("Lee", await rig.ShadowAsync(AnnPerson, "lastName"));
        Assert.Equal("bob@example.com", rig.Marketo.Persons[9001]["email"]);
        Assert.Equal(Backfill.Done, await rig.State.GetCursorAsync(Backfill.Cursor));
        Assert.Empty(rig.Crm.Writes);
    }

    [Fact]
    public async Task RunAsync_MatchedPersonsWithDifferentValues_ApplyTheCollisionRuleInsteadOfOverwriting()
    {
        // Issue 18 item 6: the first run against two non-empty sides wrote every Dynamics value over the matched person,
        // a lead's too (where Marketo wins), so a Marketo edit was lost. Now each differing field gets the entity's rule.
        await using var rig = await CreateAsync(firstRun: true);
        var cid = new RecordKey(SyncEntity.Contact, new Guid("00000000-0000-0000-0000-00000000c003"));
        rig.Crm.Add(Ann, ("emailaddress1", "ann@example.com"), ("firstname", "Ann"), ("lastname", "Lee"));
        rig.Crm.Add(cid, ("emailaddress1", "cid@example.com"), ("firstname", "Cid"), ("lastname", "Stone"));
        rig.Marketo.Add(AnnPerson, ("email", "ann@example.com"), ("firstName", "Ann"), ("lastName", "Lee-Marketo"));
        rig.Marketo.Add(777, ("email", "CID@example.com"), ("firstName", "Cid"), ("lastName", "Stone-Marketo"));

        var result = await rig.CreateBackfill().RunAsync(null, CancellationToken.None);

        Assert.Equal(2, result.Linked);
        Assert.Equal(2, result.Collisions);
        Assert.Equal((1, 1), (result.DynamicsWon, result.MarketoWon));
        // The lead: Marketo wins, its value goes to Dynamics and stays in Marketo.
        Assert.Equal("Lee-Marketo", rig.Marketo.Persons[AnnPerson]["lastName"]);
        Assert.Equal("Lee-Marketo", rig.Crm.Value(Ann, "lastname"));
        Assert.Equal("Lee-Marketo", await rig.ShadowAsync(AnnPerson, "lastName"));
        // The contact: Dynamics wins, its value goes to Marketo; the record is not written.
        Assert.Equal("Stone", rig.Marketo.Persons[777]["lastName"]);
        Assert.Empty(rig.Crm.UpdatesOf(cid));
        Assert.Equal("Stone", await rig.ShadowAsync(777, "lastName"));
        Assert.Single(rig.Crm.Writes);
    }

    [Fact]
    public async Task RunAsync_AlreadyDone_ReadsAndWritesNothing()
    {
        await using var rig = await CreateAsync();
        rig.Crm.Add(Bob, ("emailaddress1", "bob@example.com"), ("firstname", "Bob"), ("lastname", "Stone"));

        var result = await rig.CreateBackfill().RunAsync(null, CancellationToken.None);

        Assert.Equal(0, result.Linked);
        Assert.Equal(0, rig.Crm.Requests);
        Assert.Empty(rig.Marketo.Persons);
        Assert.Null(await rig.State.FindLinkAsync(Bob));
    }
}
