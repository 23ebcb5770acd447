using CrmSync.DataverseEmulator.Admin;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Tests.EndToEnd;

/// <summary>
/// Issue 5 item 4 (B9): Dynamics automation reacting to an agent write (depth 2) is staged and reaches Marketo, and
/// once everything agrees an idle cycle writes nothing.
/// </summary>
public sealed class AutomationTests
{
    private static readonly AutomationRule CityFromTitle =
        new("contact", "jobtitle", "address1_city", title => title is string t && t.StartsWith("Field", StringComparison.Ordinal) ? "Field office" : "Head office");

    [Fact]
    public async Task Cycle_AutomationReactsToAgentWrite_DerivedValueReachesMarketo()
    {
        await using var sut = await SyncHarness.StartAsync();
        var contact = sut.CreateAsMaker("contact", ("lastname", "Auto"), ("emailaddress1", "auto@example.com"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("contact", contact);
        sut.Dataverse.Admin.AddAutomation(CityFromTitle);

        sut.EditInMarketo(person, ("title", "Field engineer"));
        var toDynamics = await sut.RunCycleAsync();
        var staged = sut.StagingRowCount;
        var toMarketo = await sut.RunCycleAsync();

        Assert.True(toDynamics.Completed, toDynamics.Record.Message);
        Assert.Equal("Field engineer", sut.DynamicsValue("contact", contact, "jobtitle"));
        Assert.Equal("Field office", sut.DynamicsValue("contact", contact, "address1_city"));
        Assert.Equal(1, staged);
        Assert.True(toMarketo.Completed, toMarketo.Record.Message);
        Assert.Equal("Field office", sut.MarketoValue(person, "city"));
        Assert.Equal("Field engineer", sut.MarketoValue(person, "title"));
        Assert.Equal((1, 0, 1), (toMarketo.Record.CrmRead, toMarketo.Record.CrmWritten, toMarketo.Record.MarketoWritten));
    }

    [Fact]
    public async Task Cycle_AfterAutomationSettled_IdleCycleWritesNothing()
    {
        await using var sut = await SyncHarness.StartAsync();
        var contact = sut.CreateAsMaker("contact", ("lastname", "Auto"), ("emailaddress1", "idle-auto@example.com"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("contact", contact);
        sut.Dataverse.Admin.AddAutomation(CityFromTitle);
        sut.EditInMarketo(person, ("title", "Desk engineer"));
        await sut.RunCycleAsync();
        await sut.RunCycleAsync();
        var marketoActivities = sut.Marketo.Admin.ActivityCount;

        var echo = await sut.RunCycleAsync();
        var idle = await sut.RunCycleAsync();

        Assert.Equal((0, 0), (echo.Record.CrmWritten, echo.Record.MarketoWritten));
        Assert.Equal(CycleOutcome.Completed, idle.Record.Outcome);
        Assert.Equal((0, 0, 0, 0), (idle.Record.CrmRead, idle.Record.MarketoRead, idle.Record.CrmWritten, idle.Record.MarketoWritten));
        Assert.Equal(marketoActivities, sut.Marketo.Admin.ActivityCount);
        Assert.Equal(0, sut.StagingRowCount);
        Assert.Equal("Head office", sut.MarketoValue(person, "city"));
    }
}
