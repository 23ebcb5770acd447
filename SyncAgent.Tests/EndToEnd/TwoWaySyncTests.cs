using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Tests.EndToEnd;

/// <summary>Promises B2, B3 and B9 against both emulators, with the real plug-in staging the Dynamics changes.</summary>
public sealed class TwoWaySyncTests
{
    [Fact]
    public async Task Cycle_ContactPhoneChangedInDynamics_ReachesMarketoPerson()
    {
        await using var sut = await SyncHarness.StartAsync();
        var contact = sut.CreateAsMaker("contact", ("firstname", "Ada"), ("lastname", "Lovelace"), ("emailaddress1", "ada@example.com"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("contact", contact);

        sut.UpdateAsMaker("contact", contact, ("telephone1", "+44 20 7946 0000"));
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal("+44 20 7946 0000", sut.MarketoValue(person, "phone"));
        Assert.Equal("Ada", sut.MarketoValue(person, "firstName"));
    }

    [Fact]
    public async Task Cycle_MarketoTitleChanged_ReachesDynamicsContact()
    {
        await using var sut = await SyncHarness.StartAsync();
        var contact = sut.CreateAsMaker("contact", ("lastname", "Hopper"), ("emailaddress1", "grace@example.com"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("contact", contact);

        sut.EditInMarketo(person, ("title", "Rear Admiral"));
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal("Rear Admiral", sut.DynamicsValue("contact", contact, "jobtitle"));
    }

    [Theory]
    [InlineData("lead", "Marketo title")]
    [InlineData("contact", "Dynamics title")]
    public async Task Cycle_SameFieldChangedOnBothSides_EntityRuleDecidesAndBothConverge(string entity, string winner)
    {
        await using var sut = await SyncHarness.StartAsync();
        var record = sut.CreateAsMaker(entity, ("lastname", "Collide"), ("emailaddress1", $"collide-{entity}@example.com"), ("jobtitle", "Original"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync(entity, record);

        sut.UpdateAsMaker(entity, record, ("jobtitle", "Dynamics title"));
        sut.EditInMarketo(person, ("title", "Marketo title"));
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal(1, report.Record.Collisions);
        Assert.Equal(winner, sut.DynamicsValue(entity, record, "jobtitle"));
        Assert.Equal(winner, sut.MarketoValue(person, "title"));
    }

    [Fact]
    public async Task Cycle_DifferentFieldsChangedOnEachSide_BothSurvive()
    {
        await using var sut = await SyncHarness.StartAsync();
        var lead = sut.CreateAsMaker("lead", ("lastname", "Both"), ("emailaddress1", "both@example.com"), ("companyname", "Contoso"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("lead", lead);

        sut.UpdateAsMaker("lead", lead, ("telephone1", "555-0100"));
        sut.EditInMarketo(person, ("city", "Lisbon"));
        await sut.RunCycleAsync();

        Assert.Equal("555-0100", sut.MarketoValue(person, "phone"));
        Assert.Equal("Lisbon", sut.DynamicsValue("lead", lead, "address1_city"));
        Assert.Equal("Lisbon", sut.MarketoValue(person, "city"));
        Assert.Equal("555-0100", sut.DynamicsValue("lead", lead, "telephone1"));
    }

    [Fact]
    public async Task Cycle_AfterChanges_NextCycleWritesNothingOnEitherSide()
    {
        await using var sut = await SyncHarness.StartAsync();
        var contact = sut.CreateAsMaker("contact", ("lastname", "Idle"), ("emailaddress1", "idle@example.com"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("contact", contact);
        sut.UpdateAsMaker("contact", contact, ("jobtitle", "Engineer"));
        sut.EditInMarketo(person, ("city", "Oslo"));
        await sut.RunCycleAsync();
        await sut.RunCycleAsync();

        var idle = await sut.RunCycleAsync();

        Assert.Equal(CycleOutcome.Completed, idle.Record.Outcome);
        Assert.Equal((0, 0, 0, 0), (idle.Record.CrmRead, idle.Record.MarketoRead, idle.Record.CrmWritten, idle.Record.MarketoWritten));
        Assert.InRange(idle.Record.DataverseCalls + idle.Record.MarketoCalls, 1, 3);
    }
}
