using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using CrmSync.Benchmarks.EndToEnd.Emulators;
using CrmSync.Benchmarks.EndToEnd.Report;
using CrmSync.Demo;
using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Hosting;
using CrmSync.SyncAgent.Http;
using CrmSync.SyncAgent.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static CrmSync.Benchmarks.EndToEnd.Report.ResultTable;

namespace CrmSync.Benchmarks.EndToEnd.Scenarios;

/// <summary>
/// The sync-person webhook under load (issue 17): 1,000 <c>POST /api/sync-person</c> through the agent's own web app
/// (Kestrel on loopback) against both emulators with their documented limits on, in 20 bursts of 50 simultaneous calls
/// 3 s apart (1,000 calls in 57 s, 50 in flight at each burst, as a trigger campaign on an imported list fires them).
/// Half the calls are repeats of a person seen before (in this burst or an earlier one, so some are in flight and some
/// linked). Run once as is and once with Dataverse answering 429 to one request in ten.
/// </summary>
internal static class WebhookLoadBenchmark
{
    private const int Calls = 1_000;
    private const int Burst = 50;
    private const int Seed = 1717;
    private const string Secret = "benchmark-webhook-secret-17";
    private static readonly TimeSpan BurstInterval = TimeSpan.FromSeconds(3);

    public static async Task RunAsync(ResultTable results, bool spans = false)
    {
        await RunOnceAsync(results, throttleOneIn: 0, spans);
        await RunOnceAsync(results, throttleOneIn: 10, spans);
    }

    private static async Task RunOnceAsync(ResultTable results, int throttleOneIn, bool spans)
    {
        var label = throttleOneIn == 0 ? "limits on" : $"limits on, Dataverse 429 to 1 request in {throttleOneIn}";
        await using var emulators = await EmulatorProcess.StartAsync();
        var file = (await emulators.SendAsync("seed-marketo-only", count: Calls / 2)).File!;
        var persons = File.ReadAllLines(file).Select(l => long.Parse(l, CultureInfo.InvariantCulture)).ToList();
        File.Delete(file);
        var calls = Plan(persons);

        using var stateFolder = TemporaryStateFolder.Create("crmsync-bench-webhook-");
        var ready = emulators.Ready;
        var settings = DemoEnvironment.AgentSettings(ready.DataverseUrl, ready.DataverseToken, ready.MarketoUrl, stateFolder.ConnectionString());
        settings["CrmSync:Webhook:Secret"] = Secret;
        settings["CrmSync:Http:Urls"] = "http://127.0.0.1:0";
        settings["Logging:LogLevel:Default"] = "Warning";
        if (spans)
        {
            settings["Logging:LogLevel:CrmSync.SyncAgent.RealTime.PersonSyncService"] = "Debug";
        }
        // As `crmsync run` on the single agent: the drain carries out kept (202) requests as soon as Dynamics' pause ends.
        var app = AgentWebApp.Build(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), s => s.AddHostedService<KeptRequestDrainWorker>());
        await app.StartAsync();
        await using var web = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Burst }) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };

        if (throttleOneIn > 0)
        {
            await emulators.SendAsync("throttle-one-in", count: throttleOneIn, round: Seed);
        }

        var before = await emulators.CountersAsync();
        var loadBefore = LoadAverage();
        var times = new double[Calls];
        var statuses = new HttpStatusCode[Calls];
        var clock = Stopwatch.StartNew();
        _clock = clock;
        _firstAccepted.Clear();
        _linkedAt.Clear();
        var state = app.Services.GetRequiredService<StateStore>();
        using var watcherStop = new CancellationTokenSource();
        var watcher = WatchLinksAsync(state, watcherStop.Token);
        for (var start = 0; start < Calls; start += Burst)
        {
            var due = BurstInterval * (start / Burst);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            // A burst does not wait for the one before: calls still running simply overlap.
            for (var i = start; i < start + Burst; i++)
            {
                var index = i;
                _ = SendAsync(http, calls[index], times, statuses, index);
            }
        }

        using (var waiting = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            while (Volatile.Read(ref _done) < Calls)
            {
                await Task.Delay(50, waiting.Token);
            }
        }

        var wall = clock.Elapsed;
        Interlocked.Exchange(ref _done, 0);

        // Every person answered 202 must exist in Dynamics, linked: the drain's work. The watcher saw each link appear.
        var accepted = Enumerable.Range(0, Calls).Where(i => statuses[i] == HttpStatusCode.Accepted).ToList();
        var acceptedPersons = accepted.Select(i => calls[i]).Distinct().ToList();
        using (var draining = new CancellationTokenSource(TimeSpan.FromMinutes(6)))
        {
            try
            {
                while (acceptedPersons.Any(p => !_linkedAt.ContainsKey(p)))
                {
                    await Task.Delay(100, draining.Token);
                }
            }
            catch (OperationCanceledException)
            {
                // Reported as not all created within 6 minutes; the cycle's step below is the backstop.
            }
        }

        await watcherStop.CancelAsync();
        await watcher;
        // For each 202'd person: from its first 202 answer to its link (the record exists in Dynamics by then).
        var waits = acceptedPersons.Where(_linkedAt.ContainsKey).Select(p => _linkedAt[p] - _firstAccepted[p]).Order().ToList();
        double? allCreatedAfter = acceptedPersons.All(_linkedAt.ContainsKey) ? (waits.Count == 0 ? 0 : waits[^1]) : null;
        var medianWait = waits.Count == 0 ? 0 : waits[waits.Count / 2];

        var loadAfter = LoadAverage();
        var used = await emulators.CountersAsync() - before;
        var faults = (await emulators.SendAsync("faults-injected")).Value;
        await emulators.SendAsync("throttle-one-in", count: 0);

        var kept = (await state.GetPendingPersonRequestsAsync()).Count;
        // The next cycle's step for kept requests (what `crmsync run` does after its next cycle).
        var carriedOut = kept > 0 ? await app.Services.GetRequiredService<KeptRequests>().CarryOutAsync(CancellationToken.None) : 0;
        var linked = 0;
        foreach (var person in persons)
        {
            linked += await state.FindLinkAsync(person) is null ? 0 : 1;
        }

        var leads = (await emulators.SendAsync("lead-count")).Value;
        var duplicates = (await emulators.SendAsync("lead-duplicates")).Value;

        var sorted = times.Order().ToList();
        var p50 = Percentile(sorted, 0.50);
        var p99 = Percentile(sorted, 0.99);
        var fiveXx = statuses.Count(s => (int)s >= 500);
        var byStatus = string.Join(", ", statuses.GroupBy(s => (int)s).OrderBy(g => g.Key).Select(g => $"{g.Key} × {g.Count()}"));
        var drainedText = allCreatedAfter is { } after ? $"at most {F(after / 1000, "0.0")} s after its 202 (median {F(medianWait / 1000, "0.0")} s)" : "NOT within 6 min";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"webhook load ({label}): {Calls} calls in {wall.TotalSeconds:F1} s ({Calls / Burst} bursts of {Burst}, {Calls / 2} new persons, seed {Seed}); " +
            $"p50 {p50:F0} ms, p99 {p99:F0} ms, max {sorted[^1]:F0} ms; answers {byStatus}; " +
            $"Marketo REST calls {used.MarketoRestCalls} (+{used.MarketoTokenRequests} token), limit errors {used.MarketoLimitErrors}; " +
            $"Dataverse requests {used.DataverseRequests}, injected 429 {faults}, limit 429 {used.DataverseThrottled}; " +
            $"leads {leads}, duplicates {duplicates}; answered 202 {accepted.Count} ({acceptedPersons.Count} persons), each 202'd person created and linked {drainedText}" +
            $"; still kept then {kept}, carried out by the next cycle's step {carriedOut}; linked {linked} of {persons.Count}; " +
            $"load average {loadBefore} before, {loadAfter} after"));

        var met = p99 <= 1000 && duplicates == 0 && fiveXx == 0;
        results.Add($"Webhook load, {label}: 1,000 calls / 57 s, 50 concurrent, half repeats", "p99 ≤ 1 s, 0 duplicates, 0 5xx",
            $"p99 {F(p99, "0")} ms, p50 {F(p50, "0")} ms; {duplicates} duplicates; {fiveXx} 5xx; Marketo calls {used.MarketoRestCalls}; 202 × {accepted.Count}, each 202'd person created {drainedText}; linked {linked} of {persons.Count}", met && allCreatedAfter is not null);
    }

    private static int _done;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<long, double> _firstAccepted = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<long, double> _linkedAt = new();
    private static Stopwatch _clock = new();

    /// <summary>Every 100 ms, notes when each person answered 202 is first seen linked in the state.</summary>
    private static async Task WatchLinksAsync(StateStore state, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var person in _firstAccepted.Keys.Where(p => !_linkedAt.ContainsKey(p)).ToList())
            {
                if (await state.FindLinkAsync(person, CancellationToken.None) is not null)
                {
                    _linkedAt.TryAdd(person, _clock.Elapsed.TotalMilliseconds);
                }
            }

            try
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task SendAsync(HttpClient http, long person, double[] times, HttpStatusCode[] statuses, int index)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sync-person")
            {
                Content = new StringContent($"{{\"leadId\":{person},\"as\":\"lead\"}}", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(SyncPersonEndpoint.SecretHeader, Secret);
            using var response = await http.SendAsync(request);
            statuses[index] = response.StatusCode;
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                _firstAccepted.TryAdd(person, _clock.Elapsed.TotalMilliseconds);
            }
        }
        catch (HttpRequestException)
        {
            statuses[index] = HttpStatusCode.BadGateway;
        }
        catch (TaskCanceledException)
        {
            statuses[index] = HttpStatusCode.GatewayTimeout;
        }
        finally
        {
            times[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Interlocked.Increment(ref _done);
        }
    }

    /// <summary>
    /// The person of each call: in each burst 25 new persons and 25 repeats of a person already called (in this burst
    /// before it, or earlier), in an order fixed by <see cref="Seed"/>.
    /// </summary>
    private static long[] Plan(List<long> persons)
    {
        var random = new Random(Seed);
        var calls = new long[Calls];
        var next = 0;
        for (var start = 0; start < Calls; start += Burst)
        {
            var kinds = Enumerable.Repeat(true, Burst / 2).Concat(Enumerable.Repeat(false, Burst / 2)).ToArray();
            random.Shuffle(kinds);
            if (start == 0 && !kinds[0])
            {
                // The run's first call cannot repeat anybody: swap it with the burst's first new person.
                var first = Array.IndexOf(kinds, true);
                (kinds[0], kinds[first]) = (true, false);
            }

            for (var i = 0; i < Burst; i++)
            {
                calls[start + i] = kinds[i] && next < persons.Count ? persons[next++] : persons[random.Next(next)];
            }
        }

        return calls;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
