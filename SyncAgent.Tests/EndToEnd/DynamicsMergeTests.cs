using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Tests.EndToEnd;

/// <summary>
/// Issue 14 lifecycle (B17): a Dynamics merge (Web API action <c>Merge</c>) is staged by the real plug-in's Merge step;
/// the agent moves the link to the master, and when both records had a person, merges the two persons in Marketo with
/// Merge Leads, the master's person winning. Both emulators.
/// </summary>
public sealed class DynamicsMergeTests
{
    [Fact]
    public async Task Cycle_TwoLinkedContactsMerged_LeavesOnePersonLinkedToMasterWithMastersValues()
    {
        await using var sut = await SyncHarness.StartAsync();
        var master = sut.CreateAsMaker("contact", ("firstname", "Ada"), ("lastname", "Lovelace"), ("emailaddress1", "ada@example.com"), ("jobtitle", "Countess"));
        var duplicate = sut.CreateAsMaker("contact", ("firstname", "Augusta"), ("lastname", "King"), ("emailaddress1", "augusta@example.com"),
            ("jobtitle", "Analyst"), ("telephone1", "555-0142"));
        await sut.RunCycleAsync();
        var winner = await sut.LinkedPersonAsync("contact", master);
        var loser = await sut.LinkedPersonAsync("contact", duplicate);
        Assert.Equal(2, sut.Marketo.Admin.PersonCount);

        await sut.MergeAsMakerAsync("contact", master, duplicate);
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal(1, sut.Marketo.Admin.PersonCount);
        Assert.Null(sut.Marketo.Admin.GetPerson((int)loser));
        Assert.Equal(winner, await sut.LinkedPersonAsync("contact", master));
        Assert.Null(await sut.State.FindLinkAsync(new RecordKey(SyncEntity.Contact, duplicate)));
        var person = sut.Marketo.Admin.GetPerson((int)winner)!;
        Assert.Equal(("Ada", "Lovelace", "ada@example.com", "Countess"), (person["firstName"], person["lastName"], person.Email, person["title"]));
        Assert.Equal("555-0142", person["phone"]); // blank on the winner, so Marketo took the loser's
        Assert.Equal(UnlinkReasons.MergedInDynamics(new RecordKey(SyncEntity.Contact, master)), (await sut.State.FindUnlinkedAsync(loser))?.Reason);
        Assert.Equal(1, sut.DynamicsValue("contact", duplicate, "statecode"));
        Assert.Equal(0, sut.StagingRowCount);
    }

    [Fact]
    public async Task Cycle_LinkedContactMergedIntoUnlinkedOne_MovesTheLinkToTheMaster()
    {
        await using var sut = await SyncHarness.StartAsync();
        var duplicate = sut.CreateAsMaker("contact", ("lastname", "Babbage"), ("emailaddress1", "charles@example.com"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("contact", duplicate);

        // A master without e-mail: it had no person of its own.
        var master = sut.CreateAsMaker("contact", ("lastname", "Babbage"));
        await sut.RunCycleAsync();
        await sut.MergeAsMakerAsync("contact", master, duplicate, new { emailaddress1 = "charles@example.com", jobtitle = "Inventor" });
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal(person, await sut.LinkedPersonAsync("contact", master));
        Assert.Equal(1, sut.Marketo.Admin.PersonCount);
        Assert.Equal("Inventor", sut.MarketoValue(person, "title"));
        var history = await sut.State.GetLinkHistoryAsync(person);
        Assert.Equal([LinkEvent.Linked, LinkEvent.Relinked], history.Select(h => h.Event));
    }

    [Fact]
    public async Task Merge_StagedByThePlugin_CarriesMasterAndSubordinate()
    {
        await using var sut = await SyncHarness.StartAsync();
        var master = sut.CreateAsMaker("lead", ("lastname", "Hopper"), ("emailaddress1", "grace@example.com"));
        var duplicate = sut.CreateAsMaker("lead", ("lastname", "Hopper"), ("emailaddress1", "amazing.grace@example.com"));
        await sut.RunCycleAsync();

        await sut.MergeAsMakerAsync("lead", master, duplicate);

        var rows = sut.Dataverse.Admin.GetRecords("crmsync_syncevent");
        var row = Assert.Single(rows, r => (string?)r["crmsync_message"] == "Merge");

        // Deactivating the subordinate changes its statuscode, which the default mapping sends to Marketo (leadStatus),
        // so the Update step stages that too; the agent drops a merged-away record's changes.
        Assert.Equal([("Update", duplicate.ToString("D"))],
            rows.Where(r => (string?)r["crmsync_message"] != "Merge").Select(r => ((string?)r["crmsync_message"], (string?)r["crmsync_recordid"])));
        Assert.Equal(("Merge", "lead", master.ToString("D"), duplicate.ToString("D")),
            ((string?)row["crmsync_message"], (string?)row["crmsync_entity"], (string?)row["crmsync_recordid"], (string?)row["crmsync_subordinateid"]));
        Assert.Equal(2, sut.DynamicsValue("lead", duplicate, "statecode"));
        Assert.Equal(master, ((Microsoft.Xrm.Sdk.EntityReference)sut.DynamicsValue("lead", duplicate, "masterid")!).Id);
    }
}
