using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Health;
using CrmSync.SyncAgent.State;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.SyncAgent.Tests.EndToEnd;

/// <summary>Issue 15: <c>CrmSync:Marketo:DailyQuotaShare</c> stops cycles cleanly, as at 607, once the agent used its share.</summary>
public sealed class QuotaShareTests
{
    [Fact]
    public async Task Cycle_ShareUsed_StopsCleanlyAndStaysStoppedAfterARestart()
    {
        // DailyQuota 1000 × share 0.002 = 2 calls a day for this agent.
        await using var sut = await SyncHarness.StartAsync(s =>
        {
            s["CrmSync:Marketo:DailyQuota"] = "1000";
            s["CrmSync:Marketo:DailyQuotaShare"] = "0.002";
        });
        var contact = sut.CreateAsMaker("contact", ("lastname", "Share"), ("emailaddress1", "share@example.com"));
        var callsBefore = sut.Marketo.Admin.GetCounters().QuotaUsedToday;

        var first = await sut.RunCycleAsync();

        Assert.Equal(CycleOutcome.Stopped, first.Record.Outcome);
        Assert.Contains("quota", first.Record.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, first.Record.MarketoCalls);
        Assert.Equal(callsBefore + 2, sut.Marketo.Admin.GetCounters().QuotaUsedToday);

        await sut.RestartAgentAsync();
        var afterRestart = await sut.RunCycleAsync();

        Assert.Equal(CycleOutcome.Stopped, afterRestart.Record.Outcome);
        Assert.Equal(0, afterRestart.Record.MarketoCalls);
        Assert.Equal(callsBefore + 2, sut.Marketo.Admin.GetCounters().QuotaUsedToday);

        await sut.RestartAgentAsync(s => s["CrmSync:Marketo:DailyQuotaShare"] = "1");
        var completed = await sut.RunCycleAsync();

        Assert.True(completed.Completed, completed.Record.Message);
        Assert.NotNull(await sut.State.FindLinkAsync(new RecordKey(SyncEntity.Contact, contact)));
    }

    [Fact]
    public async Task Status_ShareConfigured_ShowsUsedAgainstTheShare()
    {
        await using var sut = await SyncHarness.StartAsync(s =>
        {
            s["CrmSync:Marketo:DailyQuota"] = "1000";
            s["CrmSync:Marketo:DailyQuotaShare"] = "0.25";
        });
        await sut.RunCycleAsync();

        var status = await sut.Services.GetRequiredService<StatusReporter>().GetAsync(null, CancellationToken.None);

        Assert.Equal(250, status.Budget.MarketoShareLimit);
        Assert.Equal(1000, status.Budget.MarketoDailyQuota);
        Assert.Equal(250, StatusJson.ToJson(status)["budget"]!["marketoShareLimit"]!.GetValue<long>());
    }
}
