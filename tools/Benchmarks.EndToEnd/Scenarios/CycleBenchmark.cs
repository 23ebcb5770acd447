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

        // The same cycle twice: the first in this process to move this many records also JIT-compiles the optimized
        // code of its hot paths (tiered compilation); the second is what a service running all day spends.
        var cold = await ThroughputCycleAsync(agent, emulators, throughputSize, half, ++round, "first of this size in the process");
        await CycleMeasurement.RunAsync(agent, emulators); // reads the echoes of its writes
        agent.Wire.Enabled = true;
        var warm = await ThroughputCycleAsync(agent, emulators, throughputSize, half, ++round, "steady state");
        agent.Wire.Enabled = false;
        var bodies = agent.Wire.Bodies.ToArray();
        agent.Wire.Clear();
        var reference = JsonReference.Measure(bodies);
        Console.WriteLine($"  CPU reference: System.Text.Json parses and serialises the cycle's {bodies.Length:N0} bodies ({bodies.Sum(b => (long)b.Length) / 1e6:0.0} MB) in {reference.TotalSeconds:0.000} s of CPU");
        results.Add($"Throughput ÷ limit-derived maximum ({throughputSize:N0} each side)", "≥ 0.90, zero 429/606/615",
            $"{F(warm.Ratio)} ({warm.Rate:N0} of {warm.Maximum:N0} records/s); {warm.Cycle.LimitAnswers} limit answers; first cycle of this size {F(cold.Ratio)}",
            warm.Ratio >= 0.90 && cold.Ratio >= 0.90 && warm.Cycle.LimitAnswers == 0 && cold.Cycle.LimitAnswers == 0);
        results.Add("Agent CPU time ÷ cycle wall time at those limits (steady state)", "≤ 0.10",
            $"{F(warm.Cycle.CpuShare, "0.000")} ({F(warm.Cycle.AgentCpu.TotalSeconds)} s ÷ {F(warm.Cycle.Wall.TotalSeconds, "0.0")} s)", warm.Cycle.CpuShare <= 0.10);
        var relative = warm.Cycle.AgentCpu / reference;
        results.Add("Agent CPU per cycle ÷ System.Text.Json parsing and serialising the same wire bytes (same run, steady state)", "≤ 3",
            $"{F(relative)} ({F(warm.Cycle.AgentCpu.TotalSeconds)} s ÷ {F(reference.TotalSeconds, "0.000")} s for {bodies.Sum(b => (long)b.Length) / 1e6:0.0} MB in {bodies.Length:N0} bodies)", relative <= 3);
        results.Add("… first cycle of that size in the process (includes JIT compiling)", "reported",
            $"{F(cold.Cycle.CpuShare, "0.000")} ({F(cold.Cycle.AgentCpu.TotalSeconds)} s ÷ {F(cold.Cycle.Wall.TotalSeconds, "0.0")} s)", null);
    }

    private static async Task<Throughput> ThroughputCycleAsync(AgentRig agent, EmulatorProcess emulators, int size, int half, int round, string label)
    {
        // Let Marketo's window empty, so the bound below (which assumes an empty window) holds.
        await Task.Delay(MarketoWindow + TimeSpan.FromSeconds(1));
        var load = await ChangeAndRunAsync(agent, emulators, size, half, round);
        Console.WriteLine($"Throughput, {size:N0} each side ({label}): {load}");
        var bound = Max(
            MinimumCalls.WindowBound(load.MarketoMinimum, 100, MarketoWindow),
            MinimumCalls.WindowBound(load.DataverseMinimum, 6000, DataverseWindow));
        var result = new Throughput(load, bound / load.Wall, load.Records / load.Wall.TotalSeconds, load.Records / bound.TotalSeconds);
        Console.WriteLine($"  limit-derived shortest time {bound.TotalSeconds:0.0} s ({load.MarketoMinimum} Marketo calls at 100 / 20 s): "
            + $"{result.Rate:N0} records/s of at most {result.Maximum:N0}");
        return result;
    }

    private sealed record Throughput(CycleMeasurement Cycle, double Ratio, double Rate, double Maximum);

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
