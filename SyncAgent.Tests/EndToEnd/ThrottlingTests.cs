using System.Net.Http.Json;
using System.Text.Json;
using CrmSync.DataverseEmulator.Admin;
using CrmSync.MarketoEmulator;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Tests.EndToEnd;

/// <summary>
/// Issue 5 item 8: Marketo 606/615/607 and Dataverse 429 from the emulators. The cycle slows down (606, 615, 429 within
/// the agent's limits) or stops cleanly with nothing committed (607, a 429 asking for a longer wait than allowed), and a
/// later cycle completes with nothing lost. Real time: windows are one second, so each test waits about that long.
/// </summary>
public sealed class ThrottlingTests
{
    [Fact]
    public async Task Cycle_Marketo606_WaitsForTheWindowAndCompletes()
    {
        await using var sut = await SyncHarness.StartAsync(s => s["CrmSync:Marketo:RateWindow"] = "00:00:01");
        var pending = await PendingChangesAsync(sut);
        sut.Marketo.Admin.Limits.RateLimitWindow = TimeSpan.FromSeconds(1);
        sut.Marketo.Admin.Limits.RateLimitCalls = 1;

        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.True(sut.Marketo.Admin.GetCounters().ErrorsByCode.GetValueOrDefault("606") > 0);
        Assert.True(report.Record.Throttled > 0);
        await pending.AssertAllAppliedAsync();
    }

    [Fact]
    public async Task Cycle_Marketo615_BacksOffAndCompletes()
    {
        await using var sut = await SyncHarness.StartAsync(s => s["CrmSync:Marketo:ConcurrencyBackoff"] = "00:00:00.100");
        var pending = await PendingChangesAsync(sut);
        sut.Marketo.Admin.Limits.MaxConcurrentCalls = 1;
        var otherIntegration = HoldTheOnlySlotAsync(sut, TimeSpan.FromSeconds(1));
        await sut.Marketo.Admin.WaitForDelayedCallsAsync(1);
        sut.Marketo.Admin.Faults.Clear();

        var report = await sut.RunCycleAsync();
        await otherIntegration;

        Assert.True(report.Completed, report.Record.Message);
        Assert.True(sut.Marketo.Admin.GetCounters().ErrorsByCode.GetValueOrDefault("615") > 0);
        Assert.True(report.Record.Throttled > 0);
        await pending.AssertAllAppliedAsync();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Cycle_Marketo607_StopsWithNothingCommittedAndCompletesAfterQuotaRaised(int callsLeft)
    {
        await using var sut = await SyncHarness.StartAsync();
        var pending = await PendingChangesAsync(sut);
        var token = await sut.State.GetCursorAsync(CursorNames.MarketoPagingToken);
        sut.Marketo.Admin.Limits.DailyQuota = sut.Marketo.Admin.GetCounters().QuotaUsedToday + callsLeft;

        var stopped = await sut.RunCycleAsync();

        Assert.Equal(CycleOutcome.Stopped, stopped.Record.Outcome);
        Assert.Contains("quota", stopped.Record.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(token, await sut.State.GetCursorAsync(CursorNames.MarketoPagingToken));
        Assert.Equal(2, sut.StagingRowCount);
        Assert.Null(await sut.State.FindLinkAsync(new RecordKey(SyncEntity.Contact, pending.NewContact)));

        sut.Marketo.Admin.Limits.DailyQuota = 50_000;
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        await pending.AssertAllAppliedAsync();
    }

    [Fact]
    public async Task Cycle_Dataverse429_WaitsRetryAfterAndCompletes()
    {
        await using var sut = await SyncHarness.StartAsync();
        var pending = await PendingChangesAsync(sut);
        sut.Dataverse.Admin.ServiceProtection = new ServiceProtectionLimits { RequestsPerWindow = 2, Window = TimeSpan.FromSeconds(1) };

        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.True(sut.Dataverse.Admin.Counters.Throttled > 0);
        Assert.True(report.Record.Throttled > 0);
        await pending.AssertAllAppliedAsync();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Cycle_Dataverse429LongerThanAllowed_StopsWithNothingCommittedAndCompletesLater(int requestsLeft)
    {
        await using var sut = await SyncHarness.StartAsync(s => s["CrmSync:Dataverse:MaxRetryAfter"] = "00:00:01");
        var pending = await PendingChangesAsync(sut);
        var token = await sut.State.GetCursorAsync(CursorNames.MarketoPagingToken);
        AllowDataverseRequests(sut, requestsLeft);

        var stopped = await sut.RunCycleAsync();

        Assert.Equal(CycleOutcome.Stopped, stopped.Record.Outcome);
        Assert.Contains("429", stopped.Record.Message, StringComparison.Ordinal);
        Assert.Equal(token, await sut.State.GetCursorAsync(CursorNames.MarketoPagingToken));
        Assert.Equal(2, sut.StagingRowCount);

        sut.Dataverse.Admin.ServiceProtection = new ServiceProtectionLimits();
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        await pending.AssertAllAppliedAsync();
    }

    [Fact]
    public async Task Cycle_StagingDeleteThrottledAfterCommit_StaysCompletedAndNextCycleDrainsRows()
    {
        await using var sut = await SyncHarness.StartAsync(s => s["CrmSync:Dataverse:MaxRetryAfter"] = "00:00:01");
        var pending = await PendingChangesAsync(sut);
        var token = await sut.State.GetCursorAsync(CursorNames.MarketoPagingToken);
        AllowDataverseRequests(sut, 2); // the staging read and the update $batch; the staging delete is throttled

        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.NotEqual(token, await sut.State.GetCursorAsync(CursorNames.MarketoPagingToken));
        Assert.Equal(2, sut.StagingRowCount);

        sut.Dataverse.Admin.ServiceProtection = new ServiceProtectionLimits();
        var next = await sut.RunCycleAsync();

        Assert.True(next.Completed, next.Record.Message);
        Assert.Equal((0, 0), (next.Record.CrmWritten, next.Record.MarketoWritten));
        await pending.AssertAllAppliedAsync();
    }

    /// <summary>Sets a ten-minute window that lets the sync user make <paramref name="left"/> more requests.</summary>
    private static void AllowDataverseRequests(SyncHarness sut, int left)
    {
        var used = sut.Dataverse.Admin.RequestLog.Count(r => r.UserId == sut.SyncUserId && r.Status != 429 && !r.InBatch);
        sut.Dataverse.Admin.ServiceProtection = new ServiceProtectionLimits { RequestsPerWindow = used + left, Window = TimeSpan.FromMinutes(10) };
    }

    /// <summary>A linked contact with a change on each side, and a new contact: work for both connectors.</summary>
    private static async Task<PendingChanges> PendingChangesAsync(SyncHarness sut)
    {
        var contact = sut.CreateAsMaker("contact", ("lastname", "Limits"), ("emailaddress1", "limits@example.com"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("contact", contact);
        sut.UpdateAsMaker("contact", contact, ("telephone1", "555-0606"));
        sut.EditInMarketo(person, ("title", "Throttled"));
        var created = sut.CreateAsMaker("contact", ("lastname", "Newcomer"), ("emailaddress1", "newcomer@example.com"));
        return new PendingChanges(sut, contact, person, created, sut.Marketo.Admin.PersonCount);
    }

    /// <summary>Another integration's slow call holds the instance's only concurrency slot for <paramref name="hold"/>.</summary>
    private static async Task HoldTheOnlySlotAsync(SyncHarness sut, TimeSpan hold)
    {
        sut.Marketo.Admin.Faults.Delay = hold;
        using var http = new HttpClient { BaseAddress = new Uri(sut.Marketo.BaseUrl) };
        using var token = JsonDocument.Parse(await http.GetStringAsync(
            $"identity/oauth/token?grant_type=client_credentials&client_id={MarketoEmulatorOptions.DefaultClientId}&client_secret={MarketoEmulatorOptions.DefaultClientSecret}"));
        var accessToken = token.RootElement.GetProperty("access_token").GetString();
        using var answer = await http.GetAsync($"rest/v1/leads.json?filterType=email&filterValues=other@example.com&access_token={accessToken}");
        Assert.True((await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("success").GetBoolean());
    }

    private sealed record PendingChanges(SyncHarness Sut, Guid Contact, long Person, Guid NewContact, int PersonsBefore)
    {
        public async Task AssertAllAppliedAsync()
        {
            Assert.Equal("555-0606", Sut.MarketoValue(Person, "phone"));
            Assert.Equal("Throttled", Sut.DynamicsValue("contact", Contact, "jobtitle"));
            Assert.Equal("Newcomer", Sut.MarketoValue(await Sut.LinkedPersonAsync("contact", NewContact), "lastName"));
            Assert.Equal(PersonsBefore + 1, Sut.Marketo.Admin.PersonCount);
            Assert.Equal(0, Sut.StagingRowCount);
        }
    }
}
