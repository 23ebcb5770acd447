using CrmSync.Benchmarks.EndToEnd.Agent;
using CrmSync.Benchmarks.EndToEnd.Emulators;
using CrmSync.Benchmarks.EndToEnd.Report;
using static CrmSync.Benchmarks.EndToEnd.Report.ResultTable;

namespace CrmSync.Benchmarks.EndToEnd.Scenarios;

/// <summary>
/// Cycles against the emulator process with the documented limits on: API economy for N changed records on each side,
/// the idle cycle, and throughput and agent CPU share at a size where Marketo's 100 calls / 20 s window binds.
/// Dynamics changes are made by a maker (the real plug-in stages them), Marketo changes by a marketer, on disjoint
/// linked persons so every change is a write on the other side.
/// </summary>
internal sealed class CycleBenchmark(bool full, ResultTable results)
{
    private static readonly TimeSpan MarketoWindow = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan DataverseWindow = TimeSpan.FromMinutes(5);

    public async Task RunAsync()
    {
        int[] sizes = full ? [1_000, 10_000, 100_000] : [1_000, 10_000];
        var throughputSize = full ? 100_000 : 20_000;
        var half = Math.Max(sizes.Max(), throughputSize);

        await using var emulators = await EmulatorProcess.StartAsync();
        await using var agent = await AgentRig.StartAsync(emulators.Ready);
        Console.WriteLine($"Seeding {2 * half:N0} linked persons (Dynamics contacts and Marketo persons with equal values)...");
        for (var seeded = 0; seeded < 2 * half; seeded += 50_000)
        {
            var reply = await emulators.SendAsync("seed-linked", count: Math.Min(50_000, 2 * half - seeded));
            await agent.AdoptLinkedAsync(reply.File!);
        }

        await CycleMeasurement.RunAsync(agent, emulators); // first run: takes Marketo's paging token
        var idle = await CycleMeasurement.RunAsync(agent, emulators);
        Console.WriteLine($"Idle cycle: {idle}");
        results.Add("Idle cycle: API calls, both sides", "≤ 3", $"{idle.TotalCalls} (Dataverse {idle.Calls.DataverseRequests}, Marketo {idle.Calls.MarketoRestCalls})", idle.TotalCalls <= 3);

        var round = 0;
        foreach (var size in sizes)
        {
            var cycle = await ChangeAndRunAsync(agent, emulators, size, half, ++round);
            Console.WriteLine($"{size:N0} each side: {cycle}");
            var echo = await CycleMeasurement.RunAsync(agent, emulators);
            Console.WriteLine($"  next cycle (reads the echoes of its writes): {echo}");
            results.Add($"API economy, {size:N0} changed on each side", "≤ 1.10",
                $"{F(cycle.Economy)} ({cycle.TotalCalls} ÷ {cycle.DataverseMinimum + cycle.MarketoMinimum}); next cycle {F(echo.Economy)}",
                cycle.Economy <= 1.10 && echo.Economy <= 1.10);
            await CycleMeasurement.RunAsync(agent, emulators);
        }

        // Let Marketo's window empty, so the bound below (which assumes an empty window) holds.
        await Task.Delay(MarketoWindow + TimeSpan.FromSeconds(1));
        var load = await ChangeAndRunAsync(agent, emulators, throughputSize, half, ++round);
        Console.WriteLine($"Throughput, {throughputSize:N0} each side: {load}");
        var bound = Max(
            MinimumCalls.WindowBound(load.MarketoMinimum, 100, MarketoWindow),
            MinimumCalls.WindowBound(load.DataverseMinimum, 6000, DataverseWindow));
        var ratio = bound / load.Wall;
        var rate = load.Records / load.Wall.TotalSeconds;
        var maximum = load.Records / bound.TotalSeconds;
        Console.WriteLine($"  limit-derived shortest time {bound.TotalSeconds:0.0} s ({load.MarketoMinimum} Marketo calls at 100 / 20 s): "
            + $"{rate:N0} records/s of at most {maximum:N0}");
        results.Add($"Throughput ÷ limit-derived maximum ({throughputSize:N0} each side)", "≥ 0.90, zero 429/606/615",
            $"{F(ratio)} ({rate:N0} of {maximum:N0} records/s); {load.LimitAnswers} limit answers", ratio >= 0.90 && load.LimitAnswers == 0);
        results.Add("Agent CPU time ÷ cycle wall time at those limits", "≤ 0.10",
            $"{F(load.CpuShare, "0.000")} ({F(load.AgentCpu.TotalSeconds)} s ÷ {F(load.Wall.TotalSeconds, "0.0")} s)", load.CpuShare <= 0.10);
    }

    private static async Task<CycleMeasurement> ChangeAndRunAsync(AgentRig agent, EmulatorProcess emulators, int size, int half, int round)
    {
        await emulators.SendAsync("change-dynamics", from: 0, count: size, round: round);
        await emulators.SendAsync("change-marketo", from: half, count: size, round: round);
        var cycle = await CycleMeasurement.RunAsync(agent, emulators);
        if (cycle.Report.Record.CrmWritten != size || cycle.Report.Record.MarketoWritten != size)
        {
            throw new InvalidOperationException($"Expected {size} writes on each side: {cycle}");
        }

        return cycle;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
