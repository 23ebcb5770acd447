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
    internal sealed record Result(int Records, long BackfillPeak, long PeakWorkingSet, int Linked, double WallSeconds, long MarketoCalls, long LimitAnswers);

    public static async Task CompareAsync(bool full, ResultTable results, (int Small, int Large)? sizes = null)
    {
        var (small, large) = sizes ?? (full ? (100_000, 1_000_000) : (10_000, 100_000));
        var first = await RunProcessAsync(small);
        var second = await RunProcessAsync(large);
        var label = full || sizes is not null ? "" : " (default run; --full runs 1,000,000 ÷ 100,000)";
        var backfill = (double)second.BackfillPeak / first.BackfillPeak;
        results.Add($"Backfill peak working set, {large:N0} ÷ {small:N0} records{label}", "≤ 1.3",
            $"{F(backfill)} ({second.BackfillPeak / 1_048_576:N0} MB ÷ {first.BackfillPeak / 1_048_576:N0} MB)", backfill <= 1.3);
        var whole = (double)second.PeakWorkingSet / first.PeakWorkingSet;
        results.Add($"… whole first run incl. the cycle after the backfill, {large:N0} ÷ {small:N0}", "≤ 1.3",
            $"{F(whole)} ({second.PeakWorkingSet / 1_048_576:N0} MB ÷ {first.PeakWorkingSet / 1_048_576:N0} MB)", whole <= 1.3);
    }

    /// <summary>The <c>--role backfill</c> process: seeds unlinked contacts, runs the first cycle, prints its result.</summary>
    public static async Task<int> RunAsync(int records)
    {
        await using var emulators = await EmulatorProcess.StartAsync();
        await emulators.SendAsync("seed-contacts", count: records);
        await using var agent = await AgentRig.StartAsync(emulators.Ready);
        var before = await emulators.CountersAsync();
        var clock = Stopwatch.StartNew();
        var linked = await agent.RunBackfillAsync();
        using var process = Process.GetCurrentProcess();
        var backfillPeak = process.PeakWorkingSet64;
        var report = await agent.RunCycleAsync(); // the rest of the first run: reads the changes since the token
        clock.Stop();
        var calls = await emulators.CountersAsync() - before;
        process.Refresh();
        var result = new Result(records, backfillPeak, process.PeakWorkingSet64, linked, clock.Elapsed.TotalSeconds, calls.MarketoRestCalls,
            calls.DataverseThrottled + calls.MarketoLimitErrors);
        Console.WriteLine(JsonSerializer.Serialize(result, EmulatorJson.Options));
        return report.Completed && linked == records ? 0 : 1;
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
            + $"{result.LimitAnswers} limit answers; peak working set {result.BackfillPeak / 1_048_576:N0} MB after the backfill, "
            + $"{result.PeakWorkingSet / 1_048_576:N0} MB after the first cycle");
        return result;
    }
}
