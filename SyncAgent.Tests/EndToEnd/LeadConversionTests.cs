using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;
using Microsoft.Xrm.Sdk;

namespace CrmSync.SyncAgent.Tests.EndToEnd;

/// <summary>Issue 5 item 5 (B10): lead qualification re-links the person to the contact; a deleted contact unlinks it.</summary>
public sealed class LeadConversionTests
{
    [Fact]
    public async Task Cycle_LeadQualifiedIntoContact_RelinksPersonWithoutNewPerson()
    {
        await using var sut = await SyncHarness.StartAsync();
        var lead = sut.CreateAsMaker("lead", ("firstname", "Joan"), ("lastname", "Clarke"), ("emailaddress1", "joan@example.com"), ("companyname", "GC&CS"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("lead", lead);
        var persons = sut.Marketo.Admin.PersonCount;

        var contact = Qualify(sut, lead, ("firstname", "Joan"), ("lastname", "Clarke"), ("emailaddress1", "joan@example.com"), ("telephone1", "555-0199"));
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal(person, await sut.LinkedPersonAsync("contact", contact));
        Assert.Null(await sut.State.FindLinkAsync(new RecordKey(SyncEntity.Lead, lead)));
        Assert.Equal(persons, sut.Marketo.Admin.PersonCount);
        Assert.Equal("555-0199", sut.MarketoValue(person, "phone"));
        var history = await sut.State.GetLinkHistoryAsync(person);
        Assert.Equal([LinkEvent.Linked, LinkEvent.Relinked], history.Select(h => h.Event));
        Assert.Equal(new RecordKey(SyncEntity.Contact, contact), history[^1].Record);
    }

    [Fact]
    public async Task Cycle_CollisionAfterQualification_FollowsContactRule()
    {
        await using var sut = await SyncHarness.StartAsync();
        var lead = sut.CreateAsMaker("lead", ("lastname", "Clarke"), ("emailaddress1", "collide-joan@example.com"), ("jobtitle", "Analyst"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("lead", lead);
        var contact = Qualify(sut, lead, ("lastname", "Clarke"), ("emailaddress1", "collide-joan@example.com"), ("jobtitle", "Analyst"));
        await sut.RunCycleAsync();

        sut.UpdateAsMaker("contact", contact, ("jobtitle", "Dynamics title"));
        sut.EditInMarketo(person, ("title", "Marketo title"));
        var report = await sut.RunCycleAsync();

        // As a lead, Marketo would have won (B3); the person now follows the contact.
        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal(1, report.Record.Collisions);
        Assert.Equal("Dynamics title", sut.DynamicsValue("contact", contact, "jobtitle"));
        Assert.Equal("Dynamics title", sut.MarketoValue(person, "title"));
        Assert.Equal("Analyst", sut.DynamicsValue("lead", lead, "jobtitle"));
    }

    [Fact]
    public async Task Cycle_ContactDeleted_UnlinksAndMarksPersonAndKeepsMarketoData()
    {
        await using var sut = await SyncHarness.StartAsync();
        var contact = sut.CreateAsMaker("contact", ("firstname", "Alan"), ("lastname", "Turing"), ("emailaddress1", "alan@example.com"), ("jobtitle", "Fellow"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("contact", contact);
        var before = sut.Marketo.Admin.GetPerson((int)person)!;
        var persons = sut.Marketo.Admin.PersonCount;

        sut.Dataverse.Admin.DeleteRecord("contact", contact);
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Null(await sut.State.FindLinkAsync(person));
        var history = await sut.State.GetLinkHistoryAsync(person);
        Assert.Equal([LinkEvent.Linked, LinkEvent.Unlinked], history.Select(h => h.Event));
        Assert.Equal(UnlinkReasons.Deleted, history[^1].Reason);
        Assert.Equal(UnlinkReasons.Deleted, (await sut.State.FindUnlinkedAsync(person))?.Reason);
        Assert.Equal(persons, sut.Marketo.Admin.PersonCount);
        Assert.Equal(before.Fields, sut.Marketo.Admin.GetPerson((int)person)!.Fields);
    }

    [Fact]
    public async Task Cycle_PersonChangedAfterContactDeleted_ReachesNothingAndCompletes()
    {
        await using var sut = await SyncHarness.StartAsync();
        var contact = sut.CreateAsMaker("contact", ("lastname", "Turing"), ("emailaddress1", "gone@example.com"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("contact", contact);
        sut.Dataverse.Admin.DeleteRecord("contact", contact);
        await sut.RunCycleAsync();

        sut.EditInMarketo(person, ("title", "Still here"));
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal((0, 0), (report.Record.CrmWritten, report.Record.MarketoWritten));
        Assert.Null(sut.Dataverse.Admin.GetRecord("contact", contact));
        Assert.Equal(1, report.Statistics?.IgnoredUnlinkedMarketo);
    }

    private static Guid Qualify(SyncHarness sut, Guid lead, params (string Column, object? Value)[] values) =>
        sut.CreateAsMaker("contact", [.. values, ("originatingleadid", new EntityReference("lead", lead))]);
}
