using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CrmSync.Benchmarks.EndToEnd.Agent;
using CrmSync.Benchmarks.EndToEnd.Emulators;
using CrmSync.Benchmarks.EndToEnd.Report;
using static CrmSync.Benchmarks.EndToEnd.Report.ResultTable;

namespace CrmSync.Benchmarks.EndToEnd.Scenarios;

/// <summary>
/// First-run backfill memory: each size runs in a fresh agent process (<c>--role backfill</c>) with its own emulator
/// process, and reports the agent process's peak working set (VmHWM), so sizes do not share a high-water mark.
/// </summary>
internal static class BackfillBenchmark
{
    /// <summary>What one backfill process reports on its last stdout line.</summary>
    internal sealed record Result(int Records, long PeakWorkingSet, int Linked, double WallSeconds, long MarketoCalls, long LimitAnswers);

    public static async Task CompareAsync(bool full, ResultTable results)
    {
        var (small, large) = full ? (100_000, 1_000_000) : (10_000, 100_000);
        var first = await RunProcessAsync(small);
        var second = await RunProcessAsync(large);
        var ratio = (double)second.PeakWorkingSet / first.PeakWorkingSet;
        var label = full ? "" : " (default run: 100,000 ÷ 10,000; --full runs 1,000,000 ÷ 100,000)";
        results.Add($"Backfill peak working set, {large:N0} ÷ {small:N0} records{label}", "≤ 1.3",
            $"{F(ratio)} ({second.PeakWorkingSet / 1_048_576:N0} MB ÷ {first.PeakWorkingSet / 1_048_576:N0} MB)", ratio <= 1.3);
    }

    /// <summary>The <c>--role backfill</c> process: seeds unlinked contacts, runs the first cycle, prints its result.</summary>
    public static async Task<int> RunAsync(int records)
    {
        await using var emulators = await EmulatorProcess.StartAsync();
        await emulators.SendAsync("seed-contacts", count: records);
        await using var agent = await AgentRig.StartAsync(emulators.Ready);
        var before = await emulators.CountersAsync();
        var clock = Stopwatch.StartNew();
        var report = await agent.RunCycleAsync();
        clock.Stop();
        var calls = await emulators.CountersAsync() - before;
        using var process = Process.GetCurrentProcess();
        var result = new Result(records, process.PeakWorkingSet64, report.Linked, clock.Elapsed.TotalSeconds, calls.MarketoRestCalls,
            calls.DataverseThrottled + calls.MarketoLimitErrors);
        Console.WriteLine(JsonSerializer.Serialize(result, EmulatorJson.Options));
        return report.Completed && report.Linked == records ? 0 : 1;
    }

    private static async Task<Result> RunProcessAsync(int records)
    {
        Console.WriteLine($"Backfill of {records:N0} contacts in a fresh agent process...");
        using var process = Process.Start(SelfStart.Info("--role", "backfill", "--records", records.ToString(CultureInfo.InvariantCulture)))!;
        process.StandardInput.Close();
        var errors = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (process.ExitCode != 0 || last is null || !last.StartsWith('{'))
        {
            throw new InvalidOperationException($"The backfill process for {records:N0} records failed ({process.ExitCode}): {output}{await errors}");
        }

        var result = JsonSerializer.Deserialize<Result>(last, EmulatorJson.Options)!;
        Console.WriteLine($"  linked {result.Linked:N0} in {result.WallSeconds:0.0} s with {result.MarketoCalls} Marketo calls, "
            + $"{result.LimitAnswers} limit answers; peak working set {result.PeakWorkingSet / 1_048_576:N0} MB");
        return result;
    }
}
