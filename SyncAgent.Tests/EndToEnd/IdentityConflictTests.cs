using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.RealTime;
using CrmSync.SyncAgent.State;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.SyncAgent.Tests.EndToEnd;

/// <summary>
/// Issue 18 items 1 and 2: a record that is not linked never writes into a person linked to another record, and an
/// email change onto another linked record's email is refused for that field. Real plug-in, both emulators.
/// </summary>
public sealed class IdentityConflictTests
{
    [Fact]
    public async Task Cycle_SecondRecordWithLinkedEmail_RejectedNamingBothAndNothingOverwritten()
    {
        await using var sut = await SyncHarness.StartAsync();
        var contact = sut.CreateAsMaker("contact", ("firstname", "Orig"), ("lastname", "Contact"), ("jobtitle", "CEO"), ("emailaddress1", "shared@example.com"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("contact", contact);

        var lead = sut.CreateAsMaker("lead", ("firstname", "Second"), ("lastname", "Lead"), ("jobtitle", "Intern"), ("emailaddress1", "shared@example.com"));
        var first = await sut.RunCycleAsync();
        var second = await sut.RunCycleAsync();

        Assert.True(first.Completed && second.Completed, first.Record.Message + second.Record.Message);
        AssertKept(sut, person, contact);
        Assert.Null(await sut.State.FindLinkAsync(new RecordKey(SyncEntity.Lead, lead)));
        var rejection = Assert.Single(await sut.State.SearchRejectionsAsync(new RejectionQuery()));
        Assert.Equal(("duplicate-email", new RecordKey(SyncEntity.Lead, lead)), (rejection.ErrorCode, rejection.Record));
        Assert.Contains(lead.ToString("D"), rejection.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(contact.ToString("D"), rejection.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Single(sut.SyncResultsRegarding(lead));
        Assert.Empty(sut.SyncResultsRegarding(contact));
    }

    [Fact]
    public async Task Cycle_OrphanRecordEditedLater_NeverWritesIntoLinkedPerson()
    {
        await using var sut = await SyncHarness.StartAsync();
        var contact = sut.CreateAsMaker("contact", ("firstname", "Orig"), ("lastname", "Contact"), ("jobtitle", "CEO"), ("emailaddress1", "shared@example.com"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("contact", contact);
        var lead = sut.CreateAsMaker("lead", ("lastname", "Lead"), ("emailaddress1", "shared@example.com"));
        await sut.RunCycleAsync();

        sut.UpdateAsMaker("lead", lead, ("firstname", "Second"), ("jobtitle", "Intern"));
        var edited = await sut.RunCycleAsync();
        await sut.RunCycleAsync();

        Assert.True(edited.Completed, edited.Record.Message);
        AssertKept(sut, person, contact);
        Assert.Null(await sut.State.FindLinkAsync(new RecordKey(SyncEntity.Lead, lead)));
        Assert.Equal("Intern", sut.DynamicsValue("lead", lead, "jobtitle"));
    }

    [Fact]
    public async Task Cycle_UnlinkedRecordWaitingWhileSyncPersonLinked_RejectedAndNothingOverwritten()
    {
        await using var sut = await SyncHarness.StartAsync();
        await sut.RunCycleAsync();
        var person = sut.Marketo.Admin.SeedPerson(new Dictionary<string, object?>
        {
            ["email"] = "shared@example.com", ["firstName"] = "Orig", ["lastName"] = "Contact", ["title"] = "CEO",
        });
        var waiting = sut.CreateAsMaker("lead", ("firstname", "Second"), ("lastname", "Lead"), ("jobtitle", "Intern"), ("emailaddress1", "shared@example.com"));

        var synced = await sut.Services.GetRequiredService<PersonSyncService>().SyncAsync(person, SyncEntity.Contact, CancellationToken.None);
        var first = await sut.RunCycleAsync();
        var second = await sut.RunCycleAsync();

        Assert.Equal(PersonSyncOutcome.Created, synced.Outcome);
        Assert.True(first.Completed && second.Completed, first.Record.Message + second.Record.Message);
        var contact = synced.Record!.Value.Id;
        AssertKept(sut, person, contact);
        Assert.Null(await sut.State.FindLinkAsync(new RecordKey(SyncEntity.Lead, waiting)));
        var rejection = Assert.Single(await sut.State.SearchRejectionsAsync(new RejectionQuery()));
        Assert.Equal(new RecordKey(SyncEntity.Lead, waiting), rejection.Record);
        Assert.Contains(contact.ToString("D"), rejection.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Single(sut.SyncResultsRegarding(waiting));
    }

    [Fact]
    public async Task Cycle_EmailChangedToAnotherLinkedRecordsEmail_FieldRefusedNamingThatRecordNoDuplicate()
    {
        await using var sut = await SyncHarness.StartAsync();
        var mover = sut.CreateAsMaker("contact", ("lastname", "Mover"), ("emailaddress1", "mover@example.com"));
        var owner = sut.CreateAsMaker("lead", ("lastname", "Owner"), ("emailaddress1", "owner@example.com"));
        await sut.RunCycleAsync();
        var moverPerson = await sut.LinkedPersonAsync("contact", mover);
        var ownerPerson = await sut.LinkedPersonAsync("lead", owner);

        sut.UpdateAsMaker("contact", mover, ("emailaddress1", "owner@example.com"), ("jobtitle", "Moved"));
        var report = await sut.RunCycleAsync();
        await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal([ownerPerson], sut.Marketo.Admin.FindPersonsByEmail("owner@example.com").Select(p => (long)p.Id));
        Assert.Equal("mover@example.com", sut.MarketoValue(moverPerson, "email"));
        Assert.Equal("Moved", sut.MarketoValue(moverPerson, "title"));
        Assert.Equal("owner@example.com", sut.MarketoValue(ownerPerson, "email"));
        var rejection = Assert.Single(await sut.State.SearchRejectionsAsync(new RejectionQuery()));
        Assert.Equal(("duplicate-email", new RecordKey(SyncEntity.Contact, mover)), (rejection.ErrorCode, rejection.Record));
        Assert.Equal(["email"], rejection.Fields.Select(f => f.Field));
        Assert.Contains(owner.ToString("D"), rejection.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Single(sut.SyncResultsRegarding(mover));
    }

    private static void AssertKept(SyncHarness sut, long person, Guid contact)
    {
        Assert.Equal(("Orig", "Contact", "CEO"), (sut.MarketoValue(person, "firstName"), sut.MarketoValue(person, "lastName"), sut.MarketoValue(person, "title")));
        Assert.Equal(("Orig", "Contact", "CEO"),
            (sut.DynamicsValue("contact", contact, "firstname"), sut.DynamicsValue("contact", contact, "lastname"), sut.DynamicsValue("contact", contact, "jobtitle")));
        Assert.Single(sut.Marketo.Admin.FindPersonsByEmail("shared@example.com"));
    }
}
