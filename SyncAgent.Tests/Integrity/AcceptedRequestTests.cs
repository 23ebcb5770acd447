using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Http;
using CrmSync.SyncAgent.RealTime;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.Tests.Dataverse;
using CrmSync.SyncAgent.Tests.Ops;
using CrmSync.SyncAgent.Tests.Setup;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CrmSync.SyncAgent.Tests.Integrity;

/// <summary>
/// Issue 18 item 4, against both emulators: a sync-person request the webhook accepted was lost when Dynamics did not
/// answer within the deadline (504 "the background sync or a retry will link the person", and no cycle ever created
/// it). Now the request is kept in the state before the create, the answer says so (202), and the next cycle carries
/// it out through sync-person's own path: exactly one record.
/// </summary>
public sealed class AcceptedRequestTests
{
    private static HttpRequestMessage Webhook(long id, string entity) => new(HttpMethod.Post, "/api/sync-person")
    {
        Content = new StringContent($"{{\"leadId\":{id},\"as\":\"{entity}\"}}", Encoding.UTF8, "application/json"),
        Headers = { { SyncPersonEndpoint.SecretHeader, OpsTestHost.WebhookSecret } },
    };

    [Fact]
    public async Task Webhook_DynamicsSlowerThanTheAnswerBudget_Answers202KeptAndTheNextCycleCreatesExactlyOneRecord()
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        Assert.Equal(0, (await host.RunAsync("fields", "--apply")).ExitCode);
        var warm = host.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "warm@example.com", ["lastName"] = "Warm" });
        var slow = host.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "slow@example.com", ["lastName"] = "Slow" });
        // The agent runs on a fake clock: no gather window, so a lookup does not wait for the clock.
        host.Settings["CrmSync:Webhook:AnswerWithin"] = "00:00:00.800";
        host.Settings["CrmSync:Webhook:LookupGatherWindow"] = "00:00:00";
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddSeconds(-DateTimeOffset.UtcNow.Second));
        var (app, client) = await InProcessAgent.StartWebAsync(host.Configuration(), s => s.AddSingleton<TimeProvider>(clock));
        await using var web = app;
        using var http = client;

        // A first request reads the sync user's columns, so the slow request's only Dataverse call is its create.
        using (var first = await http.SendAsync(Webhook(warm, "lead")))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        // The gate ignores the abort: the create lands in Dynamics after the agent gave up, as a slow cloud does.
        var hold = HeldDataverseRequest.Every(host.Dataverse.Admin);

        var sending = http.SendAsync(Webhook(slow, "lead"));
        await hold.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        // The answer's budget (CrmSync:Webhook:AnswerWithin, 0.8 s by default) passes long before the 25 s deadline.
        clock.Advance(TimeSpan.FromSeconds(1));
        using var response = await sending.WaitAsync(TimeSpan.FromSeconds(30));
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("pending", (string?)body!["outcome"]);
        Assert.Equal(
            $"Not done within this answer's budget of 0.8 s (waiting for Dynamics). The request for Marketo person {slow} is kept in the agent's state; the next sync cycle creates and links the lead at the latest.",
            (string?)body["message"]);
        Assert.Equal(new[] { new PendingPersonRequest(slow, SyncEntity.Lead) }, await app.Services.GetRequiredService<StateStore>().GetPendingPersonRequestsAsync());

        host.Dataverse.Admin.Faults = new DataverseEmulator.Admin.FaultSettings();
        hold.Release();
        await app.StopAsync();
        var (exit, output, error) = await host.RunAsync("sync", "--once");

        Assert.True(exit == 0, output + error);
        Assert.Single(host.Dataverse.Admin.GetRecords("lead", r => (string?)r["emailaddress1"] == "slow@example.com"));
        Assert.NotNull(host.Dataverse.Admin.GetRecord("lead", PersonRecordId.For(slow)));
        await using var services = host.BuildServices();
        var state = services.GetRequiredService<StateStore>();
        Assert.Equal(new RecordKey(SyncEntity.Lead, PersonRecordId.For(slow)), (await state.FindLinkAsync(slow))?.Record);
        Assert.Empty(await state.GetPendingPersonRequestsAsync());
    }

    [Fact]
    public async Task SyncPersonCli_DynamicsFailing_SaysTheRequestIsKeptAndTheNextCycleCreatesIt()
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        host.Settings["CrmSync:Dataverse:MaxRetryAttempts"] = "0";
        Assert.Equal(0, (await host.RunAsync("fields", "--apply")).ExitCode);
        var id = host.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "down@example.com", ["lastName"] = "Down" });
        host.Dataverse.Admin.Faults = new DataverseEmulator.Admin.FaultSettings { ServerErrorRate = 1.0, ServerErrorStatus = 503 };

        var (exit, output, error) = await host.RunAsync("sync-person", id.ToString(CultureInfo.InvariantCulture), "--as", "contact");

        Assert.Equal(1, exit);
        Assert.Contains(
            $"The request for Marketo person {id} is kept in the agent's state; the next sync cycle creates and links the contact at the latest.",
            output + error, StringComparison.Ordinal);
        Assert.Equal(0, host.Dataverse.Admin.Count("contact"));

        host.Dataverse.Admin.Faults = new DataverseEmulator.Admin.FaultSettings();
        var cycle = await host.RunAsync("sync", "--once");

        Assert.True(cycle.ExitCode == 0, cycle.Output + cycle.Error);
        Assert.Equal(1, host.Dataverse.Admin.Count("contact"));
        Assert.NotNull(host.Dataverse.Admin.GetRecord("contact", PersonRecordId.For(id)));
        await using var services = host.BuildServices();
        Assert.Empty(await services.GetRequiredService<StateStore>().GetPendingPersonRequestsAsync());
    }
}
