using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Hosting;
using CrmSync.SyncAgent.RealTime;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.Tests.Ops;
using CrmSync.SyncAgent.Tests.Setup;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.SyncAgent.Tests.Integrity;

/// <summary>
/// The drain of kept sync-person requests (issue 17), against both emulators: a request kept in the state (what a 202
/// answer leaves behind: the reservation committed before anything is sent) is carried out without a cycle, after a
/// restart too, and a drain racing a cycle (which carries kept requests out as well) creates one record per person.
/// </summary>
public sealed class KeptRequestDrainTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static async Task<List<long>> SeedAsync(EmulatorOpsHost host, int count)
    {
        Assert.Equal(0, (await host.RunAsync("fields", "--apply")).ExitCode);
        return [.. Enumerable.Range(0, count).Select(i => host.Marketo.Admin.SeedPerson(new Dictionary<string, object?>
        {
            ["email"] = $"kept{i}@example.com",
            ["lastName"] = $"Kept{i}",
        }))];
    }

    private static async Task AssertOneLinkedLeadEachAsync(EmulatorOpsHost host, StateStore state, List<long> persons)
    {
        Assert.Equal(persons.Count, host.Dataverse.Admin.Count("lead"));
        for (var i = 0; i < persons.Count; i++)
        {
            var email = $"kept{i}@example.com";
            Assert.Single(host.Dataverse.Admin.GetRecords("lead", r => (string?)r["emailaddress1"] == email));
            Assert.Equal(new RecordKey(SyncEntity.Lead, PersonRecordId.For(persons[i])), (await state.FindLinkAsync(persons[i]))?.Record);
        }

        Assert.Empty(await state.GetPendingPersonRequestsAsync());
    }

    [Fact]
    public async Task Restart_RequestsKeptByTheLastProcess_AreCarriedOutByTheDrainWithoutACycle()
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        var persons = await SeedAsync(host, 3);
        var (first, firstClient) = await InProcessAgent.StartWebAsync(host.Configuration());
        firstClient.Dispose();
        foreach (var person in persons)
        {
            // What a call answered 202 leaves behind; then the process ends before anything else happens.
            await first.Services.GetRequiredService<StateStore>().ReservePersonRecordAsync(person, SyncEntity.Lead);
        }

        await first.StopAsync();
        await first.DisposeAsync();
        Assert.Equal(0, host.Dataverse.Admin.Count("lead"));

        var (app, client) = await InProcessAgent.StartWebAsync(host.Configuration(), s => s.AddHostedService<KeptRequestDrainWorker>());
        await using var web = app;
        using var http = client;
        var state = app.Services.GetRequiredService<StateStore>();
        using (var draining = new CancellationTokenSource(Bound))
        {
            while ((await state.GetPendingPersonRequestsAsync()).Count > 0)
            {
                await Task.Delay(20, draining.Token);
            }
        }

        await AssertOneLinkedLeadEachAsync(host, state, persons);
        Assert.Empty(await state.GetRecentCyclesAsync(10));
    }

    [Fact]
    public async Task DrainRacingACycle_BothCarryOutTheSameKeptRequests_OneRecordPerPerson()
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        var persons = await SeedAsync(host, 20);
        var (app, client) = await InProcessAgent.StartWebAsync(host.Configuration());
        await using var web = app;
        using var http = client;
        var state = app.Services.GetRequiredService<StateStore>();
        foreach (var person in persons)
        {
            await state.ReservePersonRecordAsync(person, SyncEntity.Lead);
        }

        var drain = app.Services.GetRequiredService<KeptRequestDrain>();
        var cycle = app.Services.GetRequiredService<SyncCycle>();
        using var bound = new CancellationTokenSource(Bound);

        // Two drains (a wake and a poll) and a cycle (its last step carries kept requests out) at once.
        await Task.WhenAll(drain.DrainOnceAsync(bound.Token), cycle.RunAsync(null, bound.Token), drain.DrainOnceAsync(bound.Token));

        await AssertOneLinkedLeadEachAsync(host, state, persons);
    }

    [Fact]
    public async Task Drain_RequestWhoseCallIsStillRunning_IsLeftToThatCall()
    {
        // The call has reserved the person (so its request is kept) and waits for Marketo's answer; a drain woken now (by
        // another call's 202) must not queue behind that call's lock. Before, DrainOnceAsync waited for the person's lock
        // until the call ended, so a drain wake stalled behind every call in flight.
        await using var host = await EmulatorOpsHost.StartAsync();
        var persons = await SeedAsync(host, 1);
        var hold = new WebhookLoadTests.HoldFirstLookup();
        var (app, client) = await InProcessAgent.StartWebAsync(
            host.Configuration(),
            s => s.AddHttpClient(CrmSync.SyncAgent.Marketo.MarketoServiceCollectionExtensions.HttpClientName).AddHttpMessageHandler(() => hold));
        await using var web = app;
        using var http = client;
        var state = app.Services.GetRequiredService<StateStore>();

        var calling = http.SendAsync(WebhookLoadTests.Webhook(persons[0]));
        await hold.Entered.Task.WaitAsync(Bound);
        Assert.Equal([persons[0]], (await state.GetPendingPersonRequestsAsync()).Select(r => r.MarketoId));

        var drained = await app.Services.GetRequiredService<KeptRequestDrain>().DrainOnceAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(0, drained);
        Assert.Equal(0, host.Dataverse.Admin.Count("lead"));
        hold.Release.SetResult();
        using var answer = await calling.WaitAsync(Bound);
        Assert.Equal(System.Net.HttpStatusCode.Created, answer.StatusCode);
        await AssertOneLinkedLeadEachAsync(host, state, persons);
    }
}
