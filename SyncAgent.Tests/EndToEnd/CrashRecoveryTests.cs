using CrmSync.DataverseEmulator.Admin;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Tests.EndToEnd;

/// <summary>
/// Issue 5 item 7: the agent killed after its writes and before its cycle commit, then restarted over the same state,
/// ends exactly where an uninterrupted run ends: no change lost, nothing applied twice with a visible effect.
/// </summary>
public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task Cycle_KilledBeforeCommitThenRestarted_EndsAsRunWithoutCrash()
    {
        var crashed = await RunScenarioAsync(kill: true);
        var uninterrupted = await RunScenarioAsync(kill: false);

        Assert.Equal(uninterrupted, crashed);
        Assert.Equal(new Outcome(
            PhoneInMarketo: "555-0001", CityInDynamics: "Lisbon", TitleOfLeadInDynamics: "Analyst", NewContactPerson: "Gamma",
            Persons: 3, Links: 3, OpenRejections: 1, DynamicsActivities: 1, MarketoActivities: 1, StagingRows: 0), crashed);
    }

    [Fact]
    public async Task Cycle_KilledBeforeCommit_CommitsNothingAndLeavesStagingRows()
    {
        var kill = (KillingStateStore?)null;
        await using var sut = await SyncHarness.StartAsync(decorateState: s => kill = new KillingStateStore(s));
        var contact = sut.CreateAsMaker("contact", ("lastname", "Alpha"), ("emailaddress1", "alpha@example.com"));
        await sut.RunCycleAsync();
        var token = await sut.State.GetCursorAsync(CursorNames.MarketoPagingToken);
        sut.UpdateAsMaker("contact", contact, ("telephone1", "555-0001"));

        kill!.Armed = true;
        await Assert.ThrowsAsync<AgentKilledException>(sut.RunCycleAsync);
        await sut.RestartAgentAsync();

        Assert.Equal("555-0001", sut.MarketoValue(await sut.LinkedPersonAsync("contact", contact), "phone"));
        Assert.Equal(token, await sut.State.GetCursorAsync(CursorNames.MarketoPagingToken));
        Assert.Equal(1, sut.StagingRowCount);
        Assert.Equal(CycleOutcome.Running, (await sut.State.GetRecentCyclesAsync(1))[0].Outcome);
    }

    private static async Task<Outcome> RunScenarioAsync(bool kill)
    {
        var killer = (KillingStateStore?)null;
        await using var sut = await SyncHarness.StartAsync(decorateState: s => killer = new KillingStateStore(s));
        var alpha = sut.CreateAsMaker("contact", ("lastname", "Alpha"), ("emailaddress1", "alpha@example.com"));
        var beta = sut.CreateAsMaker("lead", ("lastname", "Beta"), ("emailaddress1", "beta@example.com"), ("jobtitle", "Analyst"));
        await sut.RunCycleAsync();
        var alphaPerson = await sut.LinkedPersonAsync("contact", alpha);
        var betaPerson = await sut.LinkedPersonAsync("lead", beta);
        sut.Dataverse.Admin.AddValidationRule(ValidationRule.WhenMatches("lead", "jobtitle", "^Bad", "Job titles must not start with 'Bad'."));

        sut.UpdateAsMaker("contact", alpha, ("telephone1", "555-0001"));
        sut.EditInMarketo(alphaPerson, ("city", "Lisbon"));
        sut.EditInMarketo(betaPerson, ("title", "Bad title"));
        var gamma = sut.CreateAsMaker("contact", ("lastname", "Gamma"), ("emailaddress1", "gamma@example.com"));

        if (kill)
        {
            killer!.Armed = true;
            await Assert.ThrowsAsync<AgentKilledException>(sut.RunCycleAsync);
            await sut.RestartAgentAsync();
        }

        var report = await sut.RunCycleAsync();
        Assert.True(report.Completed, report.Record.Message);
        await sut.RunCycleAsync();
        var settled = await sut.RunCycleAsync();
        Assert.Equal((0, 0), (settled.Record.CrmWritten, settled.Record.MarketoWritten));

        return new Outcome(
            sut.MarketoValue(alphaPerson, "phone"),
            sut.DynamicsValue("contact", alpha, "address1_city"),
            sut.DynamicsValue("lead", beta, "jobtitle"),
            sut.MarketoValue(await sut.LinkedPersonAsync("contact", gamma), "lastName"),
            sut.Marketo.Admin.PersonCount,
            await sut.State.CountLinksAsync(),
            (await sut.State.SearchRejectionsAsync(new RejectionQuery())).Count,
            sut.SyncResultsRegarding(beta).Count,
            sut.SyncResultActivitiesOf(betaPerson).Count,
            sut.StagingRowCount);
    }

    private sealed record Outcome(
        object? PhoneInMarketo, object? CityInDynamics, object? TitleOfLeadInDynamics, object? NewContactPerson, int Persons, int Links,
        int OpenRejections, int DynamicsActivities, int MarketoActivities, int StagingRows);
}
