using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Tests.EndToEnd;

/// <summary>
/// Issue 14 lifecycle (B17): a merge made in Marketo (a Merge Leads activity, type 32) read from the activity feed; the
/// survivor keeps its link, a loser linked to another record is unlinked and reported on that record; nothing in
/// Dynamics is deleted. Real plug-in, both emulators.
/// </summary>
public sealed class MarketoMergeTests
{
    [Fact]
    public async Task Cycle_TwoLinkedPersonsMergedInMarketo_UnlinksAndReportsTheLosersRecord()
    {
        await using var sut = await SyncHarness.StartAsync();
        var kept = sut.CreateAsMaker("contact", ("lastname", "Curie"), ("emailaddress1", "marie@example.com"));
        var other = sut.CreateAsMaker("contact", ("lastname", "Curie"), ("emailaddress1", "m.curie@example.com"));
        await sut.RunCycleAsync();
        var winner = await sut.LinkedPersonAsync("contact", kept);
        var loser = await sut.LinkedPersonAsync("contact", other);

        Assert.True(sut.Marketo.Admin.MergePersons((int)winner, (int)loser));
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal(winner, await sut.LinkedPersonAsync("contact", kept));
        Assert.Null(await sut.State.FindLinkAsync(new RecordKey(SyncEntity.Contact, other)));
        Assert.Equal(UnlinkReasons.MergedInMarketo(winner), (await sut.State.FindUnlinkedAsync(loser))?.Reason);
        var notice = Assert.Single(sut.SyncResultsRegarding(other));
        Assert.Contains($"was merged in Marketo into person {winner}", (string?)notice["description"], StringComparison.Ordinal);
        Assert.Equal("CrmSync: unlinked, its Marketo person was merged into another", notice["subject"]);
        Assert.Empty(sut.SyncResultsRegarding(kept));
        Assert.NotNull(sut.Dataverse.Admin.GetRecord("contact", other));
        Assert.Equal(0, sut.DynamicsValue("contact", other, "statecode"));
        Assert.Equal(0, report.Record.CrmWritten);
    }

    [Fact]
    public async Task Cycle_LinkedPersonMergedIntoUnlinkedOne_SurvivorTakesOverTheRecord()
    {
        await using var sut = await SyncHarness.StartAsync();
        var contact = sut.CreateAsMaker("contact", ("lastname", "Meitner"), ("emailaddress1", "lise@example.com"));
        await sut.RunCycleAsync();
        var loser = await sut.LinkedPersonAsync("contact", contact);
        var survivor = sut.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "lise.meitner@example.com", ["title"] = "Physicist" });

        Assert.True(sut.Marketo.Admin.MergePersons(survivor, (int)loser));
        var report = await sut.RunCycleAsync();
        sut.EditInMarketo(survivor, ("title", "Professor"));
        await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal(survivor, await sut.LinkedPersonAsync("contact", contact));
        Assert.Empty(sut.SyncResultsRegarding(contact));
        Assert.Equal("Professor", sut.DynamicsValue("contact", contact, "jobtitle"));
    }

    [Fact]
    public async Task Cycle_AgentsOwnMergeReadBack_ChangesNothing()
    {
        await using var sut = await SyncHarness.StartAsync();
        var master = sut.CreateAsMaker("contact", ("lastname", "Noether"), ("emailaddress1", "emmy@example.com"));
        var duplicate = sut.CreateAsMaker("contact", ("lastname", "Noether"), ("emailaddress1", "e.noether@example.com"));
        await sut.RunCycleAsync();
        var winner = await sut.LinkedPersonAsync("contact", master);
        await sut.MergeAsMakerAsync("contact", master, duplicate);
        await sut.RunCycleAsync();

        // The next cycle reads the Merge Leads activity the agent's own merge left: its loser is already unlinked.
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal(winner, await sut.LinkedPersonAsync("contact", master));
        Assert.Equal(0, report.Record.Rejections);
        Assert.Empty(sut.SyncResultsRegarding(master));
        Assert.Empty(sut.SyncResultsRegarding(duplicate));
    }
}
