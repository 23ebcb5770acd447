using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CrmSync.Benchmarks.EndToEnd.Agent;
using CrmSync.Benchmarks.EndToEnd.Emulators;
using CrmSync.Benchmarks.EndToEnd.Report;
using static CrmSync.Benchmarks.EndToEnd.Report.ResultTable;

namespace CrmSync.Benchmarks.EndToEnd.Scenarios;

/// <summary>
/// Bounded cycles (DESIGN B22, issue 17): a bulk update of N linked persons on one side, synced by one cycle in chunks of
/// <c>CrmSync:Sync:ChunkSize</c>. Each run has its own emulator process and a scenario process (<c>--role chunks</c>)
/// that seeds N linked pairs, adopts them into a fresh state, runs an idle cycle (the Marketo token), makes the bulk
/// update, then runs the cycle in a fresh agent process (<c>--role chunks-cycle</c>) whose peak working set (VmHWM)
/// is the cycle's alone. With <c>--kill</c> that process is SIGKILLed at half the unkilled run's duration and started
/// again; the repeated writes are counted by the emulators (Dataverse's committed-update counter, Marketo's request log
/// of Sync Leads calls; Dataverse's request log keeps only its last 100,000 entries, too few at 100,000 writes).
/// </summary>
internal static class ChunksBenchmark
{
    /// <summary>What one scenario process reports on its last stdout line.</summary>
    internal sealed record Result(
        int Persons, string Side, int ChunkSize, long PeakWorkingSet, long RetainedHeap, double CycleSeconds, long DynamicsUpdates, long SyncLeadsCalls,
        bool Killed, int Starts, int Linked, long Converged);

    /// <summary>What one cycle process reports on its last stdout line.</summary>
    /// <param name="RetainedHeap">The managed heap after the cycle and a full collection: what the agent still holds.</param>
    internal sealed record CycleResult(long PeakWorkingSet, long RetainedHeap, double Seconds, bool Completed);

    public static async Task CompareAsync(bool full, ResultTable results, (int Small, int Large)? sizes, int chunkSize, string? onlySide = null)
    {
        var (small, large) = sizes ?? (full ? (100_000, 1_000_000) : (2_000, 20_000));
        Console.WriteLine($"Bounded cycles: chunk size {chunkSize:N0}; machine load at start {Load()}");
        foreach (var side in new[] { "marketo", "dynamics" }.Where(s => onlySide is null || s == onlySide))
        {
            var first = await RunProcessAsync(small, side, chunkSize, killAfter: null);
            var second = await RunProcessAsync(large, side, chunkSize, killAfter: null);
            var ratio = (double)second.PeakWorkingSet / first.PeakWorkingSet;
            var what = side == "marketo" ? "Marketo bulk update" : "Dynamics bulk update";
            results.Add($"{what}: cycle peak working set, {large:N0} ÷ {small:N0} persons", "≤ 1.2",
                $"{F(ratio)} ({second.PeakWorkingSet / 1_048_576:N0} MB ÷ {first.PeakWorkingSet / 1_048_576:N0} MB; retained heap "
                + $"{second.RetainedHeap / 1_048_576.0:0.0} ÷ {first.RetainedHeap / 1_048_576.0:0.0} MB; cycles {second.CycleSeconds:0} s ÷ {first.CycleSeconds:0} s)",
                ratio <= 1.2);

            var killed = await RunProcessAsync(large, side, chunkSize, killAfter: TimeSpan.FromSeconds(second.CycleSeconds / 2));
            var (unit, once, total, chunk) = side == "marketo"
                ? ("Dynamics updates", second.DynamicsUpdates, killed.DynamicsUpdates, (long)chunkSize)
                : ("Sync Leads calls", second.SyncLeadsCalls, killed.SyncLeadsCalls, (long)Math.Ceiling(chunkSize / 300.0));
            var repeated = total - once;
            results.Add($"{what}: SIGKILL half-way ({large:N0} persons), {unit} repeated after the restart", $"≤ one chunk ({chunk:N0})",
                $"{repeated:N0} ({total:N0} with the kill, {once:N0} without; killed {killed.Killed}, {killed.Starts} starts; {killed.Converged:N0} of {large:N0} converged; load {Load()})",
                killed.Killed && repeated <= chunk && killed.Linked == large && killed.Converged == large);
        }
    }

    /// <summary>The <c>--role chunks</c> process: seeds, makes the bulk update, runs (and maybe kills) the cycle process.</summary>
    public static async Task<int> RunAsync(int persons, string side, int chunkSize, TimeSpan? killAfter)
    {
        await using var emulators = await EmulatorProcess.StartAsync();
        var pairs = (await emulators.SendAsync("seed-linked", count: persons)).File!;
        var overrides = new Dictionary<string, string?> { ["CrmSync:Sync:ChunkSize"] = chunkSize.ToString(CultureInfo.InvariantCulture) };
        await using var agent = await AgentRig.StartAsync(emulators.Ready, overrides);
        await agent.AdoptLinkedAsync(pairs);
        var idle = await agent.RunCycleAsync(); // stores the Marketo token: the bulk update comes after it
        if (!idle.Completed)
        {
            throw new InvalidOperationException($"The idle cycle did not complete: {idle.Record.Message}");
        }

        await emulators.SendAsync(side == "marketo" ? "change-marketo" : "change-dynamics", count: persons, round: 1);
        await emulators.SendAsync("clear-request-logs");
        overrides["CrmSync:State:ConnectionString"] = agent.StateConnectionString;
        var starts = 0;
        var killed = false;
        CycleResult? cycle = null;
        var clock = Stopwatch.StartNew();
        while (cycle is null && starts < 3)
        {
            starts++;
            (cycle, var wasKilled) = await RunCycleProcessAsync(emulators.Ready, overrides, starts == 1 ? killAfter : null);
            killed |= wasKilled;
        }

        clock.Stop();
        if (cycle is not { Completed: true })
        {
            throw new InvalidOperationException($"The cycle did not complete after {starts} starts.");
        }

        var linked = await agent.State.CountLinksAsync();
        var result = new Result(persons, side, chunkSize, cycle.PeakWorkingSet, cycle.RetainedHeap, killed ? clock.Elapsed.TotalSeconds : cycle.Seconds,
            (await emulators.SendAsync("dynamics-updates")).Value, (await emulators.SendAsync("sync-leads-calls")).Value, killed, starts, linked,
            (await emulators.SendAsync($"converged-{side}", count: persons, round: 1)).Value);
        Console.WriteLine(JsonSerializer.Serialize(result, EmulatorJson.Options));
        return 0;
    }

    /// <summary>The <c>--role chunks-cycle</c> process: one cycle on the given state; prints its peak working set.</summary>
    public static async Task<int> RunCycleAsync(EmulatorReady emulators, IReadOnlyDictionary<string, string?> overrides)
    {
        await using var agent = await AgentRig.StartAsync(emulators, overrides);
        var clock = Stopwatch.StartNew();
        var report = await agent.RunCycleAsync();
        clock.Stop();
        using var process = Process.GetCurrentProcess();
        var peak = process.PeakWorkingSet64;
        var retained = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine(JsonSerializer.Serialize(new CycleResult(peak, retained, clock.Elapsed.TotalSeconds, report.Completed), EmulatorJson.Options));
        return report.Completed ? 0 : 1;
    }

    private static async Task<(CycleResult? Result, bool Killed)> RunCycleProcessAsync(
        EmulatorReady emulators, IReadOnlyDictionary<string, string?> overrides, TimeSpan? killAfter)
    {
        var arguments = new List<string> { "--role", "chunks-cycle", "--ready", JsonSerializer.Serialize(emulators, EmulatorJson.Options) };
        foreach (var (key, value) in overrides)
        {
            arguments.AddRange(["--set", $"{key}={value}"]);
        }

        using var process = Process.Start(SelfStart.Info([.. arguments]))!;
        process.StandardInput.Close();
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        var killed = false;
        if (killAfter is { } delay)
        {
            using var timeout = new CancellationTokenSource(delay);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(); // SIGKILL on Linux: no finally blocks, no flush
                killed = true;
            }
        }

        await process.WaitForExitAsync();
        var text = await output;
        if (killed)
        {
            Console.Error.WriteLine($"  cycle process SIGKILLed after {killAfter!.Value.TotalSeconds:0} s");
            return (null, true);
        }

        var last = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (last is null || !last.StartsWith('{'))
        {
            throw new InvalidOperationException($"The cycle process failed ({process.ExitCode}): {text}{await errors}");
        }

        return (JsonSerializer.Deserialize<CycleResult>(last, EmulatorJson.Options), false);
    }

    private static async Task<Result> RunProcessAsync(int persons, string side, int chunkSize, TimeSpan? killAfter)
    {
        Console.WriteLine($"Bulk update of {persons:N0} persons in {side}{(killAfter is { } k ? $", SIGKILL after {k.TotalSeconds:0} s" : "")} (load {Load()})...");
        List<string> arguments = ["--role", "chunks", "--persons", persons.ToString(CultureInfo.InvariantCulture), "--side", side,
            "--chunk-size", chunkSize.ToString(CultureInfo.InvariantCulture)];
        if (killAfter is { } after)
        {
            arguments.AddRange(["--kill-after", after.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)]);
        }

        using var process = Process.Start(SelfStart.Info([.. arguments]))!;
        process.StandardInput.Close();
        var errors = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (process.ExitCode != 0 || last is null || !last.StartsWith('{'))
        {
            throw new InvalidOperationException($"The chunks process for {persons:N0} persons failed ({process.ExitCode}): {output}{await errors}");
        }

        var result = JsonSerializer.Deserialize<Result>(last, EmulatorJson.Options)!;
        Console.WriteLine($"  cycle {result.CycleSeconds:0.0} s, peak working set {result.PeakWorkingSet / 1_048_576:N0} MB, "
            + $"managed heap retained after it {result.RetainedHeap / 1_048_576.0:0.0} MB, "
            + $"{result.DynamicsUpdates:N0} Dynamics updates, {result.SyncLeadsCalls:N0} Sync Leads calls, {result.Starts} start(s), killed {result.Killed}; "
            + $"{result.Converged:N0} of {result.Persons:N0} carry the new value on the other side");
        return result;
    }

    private static string Load() => File.Exists("/proc/loadavg")
        ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))
        : "unknown";
}
