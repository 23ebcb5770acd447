using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Tests.EndToEnd;

/// <summary>B11: the sync filter column <c>crmsync_synctomarketo</c> keeps a record out of the sync, and back in.</summary>
public sealed class SyncFilterTests
{
    private const string Filter = "crmsync_synctomarketo";

    [Fact]
    public async Task Cycle_ContactCreatedWithFilterNo_IsNotSynced()
    {
        await using var sut = await SyncHarness.StartAsync();
        await sut.RunCycleAsync();
        var persons = sut.Marketo.Admin.PersonCount;

        var contact = sut.CreateAsMaker("contact", ("lastname", "Private"), ("emailaddress1", "private@example.com"), (Filter, false));
        sut.UpdateAsMaker("contact", contact, ("telephone1", "555-0000"));
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal(0, report.Record.CrmRead);
        Assert.Null(await sut.State.FindLinkAsync(new RecordKey(SyncEntity.Contact, contact)));
        Assert.Equal(persons, sut.Marketo.Admin.PersonCount);
        Assert.Empty(sut.Marketo.Admin.FindPersonsByEmail("private@example.com"));
    }

    [Fact]
    public async Task FirstCycle_ExistingRecordWithFilterNo_IsNotLinked()
    {
        await using var sut = await SyncHarness.StartAsync();
        var ids = sut.Dataverse.Admin.BulkInsert("lead",
        [
            new Dictionary<string, object?> { ["lastname"] = "Out", ["emailaddress1"] = "out@example.com", [Filter] = false },
            new Dictionary<string, object?> { ["lastname"] = "In", ["emailaddress1"] = "in@example.com", [Filter] = true },
            new Dictionary<string, object?> { ["lastname"] = "Empty", ["emailaddress1"] = "empty@example.com" },
        ]);

        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Null(await sut.State.FindLinkAsync(new RecordKey(SyncEntity.Lead, ids[0])));
        Assert.NotNull(await sut.State.FindLinkAsync(new RecordKey(SyncEntity.Lead, ids[1])));
        Assert.NotNull(await sut.State.FindLinkAsync(new RecordKey(SyncEntity.Lead, ids[2])));
        Assert.Empty(sut.Marketo.Admin.FindPersonsByEmail("out@example.com"));
    }

    [Fact]
    public async Task Cycle_FilterFlippedFromNoToYes_SendsWholeRecord()
    {
        await using var sut = await SyncHarness.StartAsync();
        await sut.RunCycleAsync();
        var contact = sut.CreateAsMaker("contact", ("firstname", "Opt"), ("lastname", "In"), ("emailaddress1", "optin@example.com"),
            ("jobtitle", "Buyer"), (Filter, false));
        sut.UpdateAsMaker("contact", contact, ("telephone1", "555-0101"));
        await sut.RunCycleAsync();

        sut.UpdateAsMaker("contact", contact, (Filter, true));
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        var person = await sut.LinkedPersonAsync("contact", contact);
        Assert.Equal(("Opt", "In", "Buyer", "555-0101"),
            (sut.MarketoValue(person, "firstName"), sut.MarketoValue(person, "lastName"), sut.MarketoValue(person, "title"), sut.MarketoValue(person, "phone")));
    }

    [Fact]
    public async Task Cycle_FilterFlippedFromYesToNo_UnlinksPersonAndLaterChangesStayApart()
    {
        await using var sut = await SyncHarness.StartAsync();
        var contact = sut.CreateAsMaker("contact", ("lastname", "Leaving"), ("emailaddress1", "leaving@example.com"), ("jobtitle", "Buyer"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("contact", contact);

        sut.UpdateAsMaker("contact", contact, (Filter, false));
        var unlink = await sut.RunCycleAsync();

        Assert.True(unlink.Completed, unlink.Record.Message);
        Assert.Null(await sut.State.FindLinkAsync(person));
        var history = await sut.State.GetLinkHistoryAsync(person);
        Assert.Equal((LinkEvent.Unlinked, "sync filter set to No"), (history[^1].Event, history[^1].Reason));
        Assert.NotNull(sut.Marketo.Admin.GetPerson((int)person));

        sut.EditInMarketo(person, ("title", "Marketo only"));
        sut.UpdateAsMaker("contact", contact, ("telephone1", "555-0102"));
        var apart = await sut.RunCycleAsync();

        Assert.True(apart.Completed, apart.Record.Message);
        Assert.Equal((0, 0), (apart.Record.CrmWritten, apart.Record.MarketoWritten));
        Assert.Equal("Buyer", sut.DynamicsValue("contact", contact, "jobtitle"));
        Assert.Null(sut.MarketoValue(person, "phone"));
    }

    [Fact]
    public async Task Cycle_FilterFlippedBackToYes_RelinksByEmailAndSendsWholeRecord()
    {
        await using var sut = await SyncHarness.StartAsync();
        var contact = sut.CreateAsMaker("contact", ("lastname", "Back"), ("emailaddress1", "back@example.com"), ("jobtitle", "Buyer"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("contact", contact);
        sut.UpdateAsMaker("contact", contact, (Filter, false));
        await sut.RunCycleAsync();
        sut.EditInMarketo(person, ("title", "Marketo only"));
        sut.UpdateAsMaker("contact", contact, ("telephone1", "555-0103"));
        await sut.RunCycleAsync();
        var persons = sut.Marketo.Admin.PersonCount;

        sut.UpdateAsMaker("contact", contact, (Filter, true));
        var relink = await sut.RunCycleAsync();

        Assert.True(relink.Completed, relink.Record.Message);
        Assert.Equal(person, await sut.LinkedPersonAsync("contact", contact));
        Assert.Equal(persons, sut.Marketo.Admin.PersonCount);
        Assert.Equal(("555-0103", "Buyer"), (sut.MarketoValue(person, "phone"), sut.MarketoValue(person, "title")));
        Assert.Null(await sut.State.FindUnlinkedAsync(person));

        sut.EditInMarketo(person, ("city", "Coimbra"));
        await sut.RunCycleAsync();
        Assert.Equal("Coimbra", sut.DynamicsValue("contact", contact, "address1_city"));
    }
}
