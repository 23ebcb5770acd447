using CrmSync.SyncAgent.Dataverse;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Hosting;
using CrmSync.SyncAgent.Http;
using CrmSync.SyncAgent.Marketo;
using CrmSync.SyncAgent.RealTime;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.Tests.Ops;
using CrmSync.SyncAgent.Tests.Setup;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CrmSync.SyncAgent.Tests.Integrity;

/// <summary>
/// The sync-person webhook under load (issue 17), against both emulators with their documented limits on: concurrent
/// calls with repeats create one record per person, no 5xx, and new persons' Marketo lookups are coalesced into
/// Get Leads calls of many ids. Dataverse's 429 (https://learn.microsoft.com/power-apps/developer/data-platform/api-limits)
/// pauses the sync user for its Retry-After: once the request is kept, a call whose budget (CrmSync:Webhook:AnswerWithin)
/// ends before the pause answers 202 at once, and the agent's drain creates the record when the pause ends, without a
/// cycle (issue 17). Not timing: performance is in tools/Benchmarks.EndToEnd (<c>--only webhook-load</c>).
/// </summary>
public sealed class WebhookLoadTests
{
    private const int Seed = 17;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    internal static HttpRequestMessage Webhook(long id) => new(HttpMethod.Post, "/api/sync-person")
    {
        Content = new StringContent($"{{\"leadId\":{id},\"as\":\"lead\"}}", Encoding.UTF8, "application/json"),
        Headers = { { SyncPersonEndpoint.SecretHeader, OpsTestHost.WebhookSecret } },
    };

    /// <summary>Holds the agent's first Get Leads by id until released, so the calls behind it are known to wait together.</summary>
    internal sealed class HoldFirstLookup : DelegatingHandler
    {
        private int _lookups;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.Query.Contains("filterType=id", StringComparison.Ordinal) && Interlocked.Increment(ref _lookups) == 1)
            {
                Entered.TrySetResult();
                await Release.Task.WaitAsync(cancellationToken);
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }

    private static async Task<List<HttpStatusCode>> SendAllAsync(HttpClient http, IEnumerable<long> persons) =>
        [.. await Task.WhenAll(persons.Select(async id =>
        {
            using var response = await http.SendAsync(Webhook(id));
            return response.StatusCode;
        }))];

    private static async Task<List<long>> SeedAsync(EmulatorOpsHost host, int count)
    {
        Assert.Equal(0, (await host.RunAsync("fields", "--apply")).ExitCode);
        return [.. Enumerable.Range(0, count).Select(i => host.Marketo.Admin.SeedPerson(new Dictionary<string, object?>
        {
            ["email"] = $"load{i}@example.com",
            ["lastName"] = $"Load{i}",
        }))];
    }

    private static List<string> IdLookups(EmulatorOpsHost host) =>
        [.. host.Marketo.Admin.GetRequestLog().Where(e => e.Path.EndsWith("/leads.json", StringComparison.Ordinal) && e.Query.Contains("filterType=id", StringComparison.Ordinal)).Select(e => e.Query)];

    [Fact]
    public async Task Webhook_HundredConcurrentCallsHalfRepeats_OneRecordEachNo5xxAndTwoMarketoLookups()
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        var persons = await SeedAsync(host, 50);
        // No gather window: the first lookup goes alone and is held, so the others are known to wait for the next one.
        host.Settings["CrmSync:Webhook:LookupGatherWindow"] = "00:00:00";
        var hold = new HoldFirstLookup();
        // The agent runs on a clock that stands still: neither the answer's budget nor the 25 s deadline passes however
        // slow the machine is, so every call is carried out (before, a loaded machine turned some into 202s).
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddSeconds(-DateTimeOffset.UtcNow.Second));
        var (app, client) = await InProcessAgent.StartWebAsync(
            host.Configuration(),
            s => s.AddSingleton<TimeProvider>(clock).AddHttpClient(MarketoServiceCollectionExtensions.HttpClientName).AddHttpMessageHandler(() => hold));
        await using var web = app;
        using var http = client;
        var service = app.Services.GetRequiredService<PersonSyncService>();
        // Each person twice, in an order fixed by the seed: the repeat of a person may come first or second.
        var calls = persons.Concat(persons).ToList();
        new Random(Seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(calls));

        var sending = SendAllAsync(http, calls);
        await hold.Entered.Task.WaitAsync(Bound);
        // The other 49 persons wait for the next Get Leads (their repeats wait on the person's own lock).
        // The 49 reach the batcher after their reservations (one state write each, one writer at a time); on a machine
        // at load 20 that took longer than a minute once. Nothing here times out on the real clock but this bound.
        var gathering = System.Diagnostics.Stopwatch.StartNew();
        while (service.LookupsWaiting < 49)
        {
            Assert.True(gathering.Elapsed < TimeSpan.FromMinutes(4), $"{service.LookupsWaiting} of 49 calls wait for the second Get Leads after {gathering.Elapsed.TotalSeconds:0} s (seed {Seed})");
            await Task.Delay(10);
        }

        hold.Release.SetResult();
        var statuses = await sending.WaitAsync(TimeSpan.FromMinutes(4));
        var repeats = await SendAllAsync(http, persons);

        var seed = $"(seed {Seed})";
        Assert.True(statuses.Count(s => s == HttpStatusCode.Created) == 50, $"201s: {statuses.Count(s => s == HttpStatusCode.Created)}; answers {string.Join(", ", statuses.GroupBy(s => (int)s).Select(g => $"{g.Key} × {g.Count()}"))} {seed}");
        Assert.True(statuses.Count(s => s == HttpStatusCode.OK) == 50, $"200s: {statuses.Count(s => s == HttpStatusCode.OK)} {seed}");
        Assert.All(repeats, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(50, host.Dataverse.Admin.Count("lead"));
        var state = app.Services.GetRequiredService<StateStore>();
        for (var i = 0; i < persons.Count; i++)
        {
            var email = $"load{i}@example.com";
            Assert.Single(host.Dataverse.Admin.GetRecords("lead", r => (string?)r["emailaddress1"] == email));
            Assert.Equal(new RecordKey(SyncEntity.Lead, PersonRecordId.For(persons[i])), (await state.FindLinkAsync(persons[i]))?.Record);
        }

        var lookups = IdLookups(host);
        Assert.True(lookups.Count == 2, $"{lookups.Count} Get Leads by id {seed}: {string.Join(" | ", lookups)}");
    }

    [Fact]
    public async Task Webhook_LinkedPersonWhileAStateWriteIsOpen_AnswersAlreadyLinkedWithoutWaitingForTheWriter()
    {
        // Issue 17: a repeat of a linked person is answered from a read; before, it took a write transaction and waited.
        await using var host = await EmulatorOpsHost.StartAsync();
        var persons = await SeedAsync(host, 1);
        var (app, client) = await InProcessAgent.StartWebAsync(host.Configuration());
        await using var web = app;
        using var http = client;
        using (var created = await http.SendAsync(Webhook(persons[0])).WaitAsync(Bound))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var state = app.Services.GetRequiredService<StateStore>();
        await using var writing = await state.BeginAsync();
        await writing.SetCursorAsync(CursorNames.StagingPosition, "a cycle's write");

        using var repeat = await http.SendAsync(Webhook(persons[0])).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal("alreadyLinked", (await repeat.Content.ReadFromJsonAsync<JsonObject>())!["outcome"]!.GetValue<string>());
        Assert.Equal(1, host.Dataverse.Admin.Count("lead"));
    }

    [Fact]
    public async Task Webhook_DataverseAnswers429_AnswersWithoutA5xxAndTheDrainCreatesEveryPersonOnce()
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        var persons = await SeedAsync(host, 20);
        host.Settings["CrmSync:Webhook:AnswerWithin"] = "00:00:00.800";
        var (app, client) = await InProcessAgent.StartWebAsync(host.Configuration(), s => s.AddHostedService<KeptRequestDrainWorker>());
        await using var web = app;
        using var http = client;
        // The next five Web API requests answer 429 with Retry-After: 1 (the emulator's injected request-limit fault):
        // past the 0.8 s answer budget, so calls behind the pause answer 202 and the drain creates their persons.
        host.Dataverse.Admin.FailNextRequests(5, 429);

        var statuses = await SendAllAsync(http, persons.Concat(persons.Take(10))).WaitAsync(Bound);
        var state = app.Services.GetRequiredService<StateStore>();
        using (var draining = new CancellationTokenSource(Bound))
        {
            while (host.Dataverse.Admin.Count("lead") < 20 || (await state.GetPendingPersonRequestsAsync()).Count > 0)
            {
                await Task.Delay(20, draining.Token);
            }
        }

        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.Accepted }));
        Assert.Equal(5, host.Dataverse.Admin.Counters.FaultsInjected);
        Assert.Equal(20, host.Dataverse.Admin.Count("lead"));
        for (var i = 0; i < persons.Count; i++)
        {
            var email = $"load{i}@example.com";
            Assert.Single(host.Dataverse.Admin.GetRecords("lead", r => (string?)r["emailaddress1"] == email));
            Assert.Equal(new RecordKey(SyncEntity.Lead, PersonRecordId.For(persons[i])), (await state.FindLinkAsync(persons[i]))?.Record);
        }
    }

    [Fact]
    public async Task Webhook_DataverseThrottlesPastTheBudget_Answers202AndTheDrainCreatesThePersonsWithoutACycle()
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        var persons = await SeedAsync(host, 3);
        // The agent runs on a fake clock: no gather window, so a lookup does not wait for the clock. The default budget.
        host.Settings["CrmSync:Webhook:LookupGatherWindow"] = "00:00:00";
        host.Settings["CrmSync:Webhook:AnswerWithin"] = "00:00:00.800";
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddSeconds(-DateTimeOffset.UtcNow.Second));
        var (app, client) = await InProcessAgent.StartWebAsync(host.Configuration(), s => s.AddSingleton<TimeProvider>(clock).AddHostedService<KeptRequestDrainWorker>());
        await using var web = app;
        using var http = client;
        using (var warm = await http.SendAsync(Webhook(persons[0])))
        {
            // Reads the sync user's columns, so the next call's only Dataverse request is its create.
            Assert.Equal(HttpStatusCode.Created, warm.StatusCode);
        }

        host.Dataverse.Admin.Faults = new DataverseEmulator.Admin.FaultSettings { ThrottleRetryAfterSeconds = 30 };
        host.Dataverse.Admin.FailNextRequests(1, 429);

        // The create answers 429 (Retry-After 30 s): the call waits for the pause until its 0.8 s budget passes.
        var sending = http.SendAsync(Webhook(persons[1]));
        using (var throttled = new CancellationTokenSource(Bound))
        {
            // The emulator has answered 429 and the agent has taken its Retry-After (before, the clock could move first
            // and the pause end by one second later than the scenario's).
            var pacing = app.Services.GetRequiredService<DataverseClient>().Pacing;
            while (host.Dataverse.Admin.Counters.FaultsInjected < 1 || pacing.PausedUntil <= clock.GetUtcNow())
            {
                await Task.Delay(10, throttled.Token);
            }
        }

        clock.Advance(TimeSpan.FromSeconds(1));
        using var response = await sending.WaitAsync(Bound);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        // A call arriving while Dynamics is paused past the budget answers at once, the clock standing still.
        using var paused = await http.SendAsync(Webhook(persons[2])).WaitAsync(Bound);
        var pausedBody = await paused.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("pending", (string?)body!["outcome"]);
        Assert.Equal(
            $"Not done within this answer's budget of 0.8 s (waiting for Dynamics). The request for Marketo person {persons[1]} is kept in the agent's state; the next sync cycle creates and links the lead at the latest.",
            (string?)body["message"]);
        Assert.Equal(HttpStatusCode.Accepted, paused.StatusCode);
        var pauseEnd = clock.GetUtcNow().AddSeconds(29).UtcDateTime.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(
            $"Dynamics is throttling the sync user until {pauseEnd} UTC (its Retry-After), past this answer's budget of 0.8 s. The request for Marketo person {persons[2]} is kept in the agent's state; the next sync cycle creates and links the lead at the latest.",
            (string?)pausedBody!["message"]);
        Assert.Null(host.Dataverse.Admin.GetRecord("lead", PersonRecordId.For(persons[1])));
        Assert.Null(host.Dataverse.Admin.GetRecord("lead", PersonRecordId.For(persons[2])));

        // The pause ends: the drain (not a cycle: none runs in this host) creates both. The clock moves in 1 s steps, so
        // the drain's wait for the pause ends whenever it started.
        host.Dataverse.Admin.Faults = new DataverseEmulator.Admin.FaultSettings();
        var state = app.Services.GetRequiredService<StateStore>();
        using (var draining = new CancellationTokenSource(Bound))
        {
            while (host.Dataverse.Admin.Count("lead") < 3 || (await state.GetPendingPersonRequestsAsync()).Count > 0)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(20, draining.Token);
            }
        }

        Assert.Equal(3, host.Dataverse.Admin.Count("lead"));
        foreach (var person in persons)
        {
            Assert.NotNull(host.Dataverse.Admin.GetRecord("lead", PersonRecordId.For(person)));
            Assert.Equal(new RecordKey(SyncEntity.Lead, PersonRecordId.For(person)), (await state.FindLinkAsync(person))?.Record);
        }

        Assert.Empty(await state.GetRecentCyclesAsync(10));
    }
}
