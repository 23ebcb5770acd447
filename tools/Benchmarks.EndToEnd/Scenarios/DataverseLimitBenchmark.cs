using CrmSync.Benchmarks.EndToEnd.Agent;
using CrmSync.Benchmarks.EndToEnd.Emulators;
using CrmSync.Benchmarks.EndToEnd.Report;
using static CrmSync.Benchmarks.EndToEnd.Report.ResultTable;

namespace CrmSync.Benchmarks.EndToEnd.Scenarios;

/// <summary>
/// Dynamics at its real limit (issue 17): a cycle that writes <c>persons</c> records to Dynamics, each write costing
/// 10 ms of server time that the emulator really takes, against Microsoft's 20 minutes of combined execution time per
/// 5-minute sliding window (and 52 concurrent requests). A marketer's bulk update of N linked persons is what makes
/// a background cycle write N Dynamics records today (cycles do not create Marketo-only persons in Dynamics; that is
/// sync-person's job), so the measure is that cycle. The agent runs with <c>MaxConcurrentRequests</c> 52 (the ceiling
/// its pacing may reach). Marketo's rate window is shortened to 1 s (100 calls per window, as documented otherwise)
/// so reading the N lead changes does not hide Dynamics' pace.
/// </summary>
internal static class DataverseLimitBenchmark
{
    private static readonly TimeSpan WriteCost = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan ExecutionLimit = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    private const int Concurrency = 52;

    public static async Task RunAsync(int persons, ResultTable results)
    {
        var previousWindow = Environment.GetEnvironmentVariable("CRMSYNC_BENCH_MEMORY_RATE_WINDOW");
        Environment.SetEnvironmentVariable("CRMSYNC_BENCH_SERVER_TIME", "1");
        Environment.SetEnvironmentVariable("CRMSYNC_BENCH_MEMORY_RATE_WINDOW", "1");
        try
        {
            await MeasureAsync(persons, results);
        }
        finally
        {
            Environment.SetEnvironmentVariable("CRMSYNC_BENCH_SERVER_TIME", null);
            Environment.SetEnvironmentVariable("CRMSYNC_BENCH_MEMORY_RATE_WINDOW", previousWindow);
        }
    }

    /// <summary>
    /// The shortest time Dataverse's limits allow for <paramref name="cost"/> of execution time starting with an empty
    /// window: a window's worth may be spent at once (at most 52 requests in flight), each further window's worth waits
    /// for the window to pass; the rest runs at 52 in flight.
    /// </summary>
    public static TimeSpan Bound(TimeSpan cost)
    {
        var fullWindows = (long)(cost.Ticks / ExecutionLimit.Ticks);
        var rest = cost - (ExecutionLimit * fullWindows);
        return (Window * fullWindows) + (rest / Concurrency);
    }

    /// <summary>
    /// Every 10 s of the measured cycle, one line: the pacer's limit, requests in flight, batch size, its account of the
    /// window and budget waits, beside the requests and execution time the emulator counted (the breakdown of issue 17).
    /// </summary>
    private static async Task SampleAsync(AgentRig agent, EmulatorProcess emulators, long chargedBefore, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var p = agent.DataversePacing.Snapshot;
                var calls = await emulators.CountersAsync();
                var charged = (await emulators.SendAsync("dataverse-charged-ms")).Value - chargedBefore;
                Console.WriteLine($"  t={clock.Elapsed.TotalSeconds,5:0} s limit {p.Limit,2} in flight {p.InFlight,2} batch {p.BatchSize,4} window {p.Spent.TotalSeconds,6:0} s "
                    + $"budget waits {p.BudgetWaits,4}; server: requests {calls.DataverseRequests}, 429 {calls.DataverseThrottled}, charged {charged / 1000.0,7:0} s");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task MeasureAsync(int persons, ResultTable results)
    {
        await using var emulators = await EmulatorProcess.StartAsync();
        var settings = new Dictionary<string, string?> { ["CrmSync:Dataverse:MaxConcurrentRequests"] = "52" };
        if (Environment.GetEnvironmentVariable("CRMSYNC_BENCH_EXECUTION_BUDGET") is { Length: > 0 } budget)
        {
            // An experiment only (e.g. 01:00:00: the agent's own budget out of the way, 429 and Retry-After pace alone).
            settings["CrmSync:Dataverse:ExecutionTimeBudget"] = budget;
            Console.WriteLine($"  agent ExecutionTimeBudget {budget} (CRMSYNC_BENCH_EXECUTION_BUDGET)");
        }

        await using var agent = await AgentRig.StartAsync(emulators.Ready, settings);
        Console.WriteLine($"Dataverse at its limit: seeding {persons:N0} linked persons; Dynamics takes 10 ms per write; Marketo's window 1 s...");
        for (var seeded = 0; seeded < persons; seeded += 50_000)
        {
            var reply = await emulators.SendAsync("seed-linked", count: Math.Min(50_000, persons - seeded));
            await agent.AdoptLinkedAsync(reply.File!);
        }

        await CycleMeasurement.RunAsync(agent, emulators); // takes Marketo's paging token
        await emulators.SendAsync("change-marketo", from: 0, count: persons, round: 1);
        var chargedBefore = (await emulators.SendAsync("dataverse-charged-ms")).Value;
        var measuredBefore = agent.DataversePacing.Snapshot.Measured;
        using var stop = new CancellationTokenSource();
        var sampler = SampleAsync(agent, emulators, chargedBefore, stop.Token);
        CycleMeasurement cycle;
        try
        {
            cycle = await CycleMeasurement.RunAsync(agent, emulators);
        }
        finally
        {
            await stop.CancelAsync();
            await sampler;
        }

        var charged = TimeSpan.FromMilliseconds((await emulators.SendAsync("dataverse-charged-ms")).Value - chargedBefore);
        var measured = agent.DataversePacing.Snapshot.Measured - measuredBefore;
        Console.WriteLine($"  execution time the server charged {charged.TotalSeconds:N1} s ({charged.TotalMilliseconds / persons:0.000} ms a write); "
            + $"the agent measured {measured.TotalSeconds:N1} s ({measured / charged:0.000} × the server's); budget waits {agent.DataversePacing.Snapshot.BudgetWaits}");
        Console.WriteLine($"Bulk update of {persons:N0} in Marketo: {cycle}");
        if (cycle.Report.Record.CrmWritten != persons)
        {
            throw new InvalidOperationException($"Expected {persons} Dynamics writes: {cycle}");
        }

        var cost = WriteCost * persons;
        var bound = Bound(cost);
        var ratio = bound / cycle.Wall;
        var throttledShare = (double)cycle.Calls.DataverseThrottled / cycle.Calls.DataverseRequests;
        Console.WriteLine($"  execution time {cost.TotalSeconds:N0} s of writes: shortest time the limit allows {bound.TotalSeconds:0.0} s; "
            + $"{persons / cycle.Wall.TotalSeconds:N0} of at most {persons / bound.TotalSeconds:N0} writes/s; 429: {cycle.Calls.DataverseThrottled} of {cycle.Calls.DataverseRequests} requests");
        results.Add($"Dynamics writes ÷ execution-time-derived maximum ({persons:N0} writes at 10 ms)", "≥ 0.90",
            $"{F(ratio)} ({persons / cycle.Wall.TotalSeconds:N0} of {persons / bound.TotalSeconds:N0} writes/s, {F(cycle.Wall.TotalSeconds, "0.0")} s against {F(bound.TotalSeconds, "0.0")} s)",
            ratio >= 0.90);
        results.Add("… Dataverse 429 answers ÷ Dataverse requests", "≤ 1 %",
            $"{throttledShare:P1} ({cycle.Calls.DataverseThrottled} of {cycle.Calls.DataverseRequests})", throttledShare <= 0.01);
    }
}
