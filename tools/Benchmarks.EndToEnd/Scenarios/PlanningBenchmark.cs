using System.Diagnostics;
using CrmSync.Benchmarks.Micro.Engine;
using CrmSync.Benchmarks.EndToEnd.Report;
using CrmSync.SyncAgent.Engine;
using static CrmSync.Benchmarks.EndToEnd.Report.ResultTable;

namespace CrmSync.Benchmarks.EndToEnd.Scenarios;

/// <summary>
/// Engine planning on one thread, timed by the process's CPU time rather than the wall clock, so a busy shared machine
/// does not count against the engine (BenchmarkDotNet's wall-clock figure is in Benchmarks.Micro).
/// </summary>
internal static class PlanningBenchmark
{
    public static void Run(ResultTable results)
    {
        var input = PlanningWorkload.Create();
        for (var i = 0; i < 3; i++)
        {
            SyncPlanner.Plan(input);
        }

        using var process = Process.GetCurrentProcess();
        var start = process.TotalProcessorTime;
        var plans = 0;
        TimeSpan cpu;
        do
        {
            SyncPlanner.Plan(input);
            plans++;
            process.Refresh();
            cpu = process.TotalProcessorTime - start;
        }
        while (cpu < TimeSpan.FromSeconds(3));

        var rate = (double)plans * PlanningWorkload.FieldChanges / cpu.TotalSeconds;
        results.Add("Engine planning, single thread (field changes per CPU second)", "≥ 1,000,000",
            $"{rate:N0} ({PlanningWorkload.Persons:N0} linked persons, {PlanningWorkload.FieldChanges:N0} field changes per plan)", rate >= 1_000_000);
        var calibration = Calibration.LookupsPerCpuSecond();
        results.Add("… ÷ the same run's single-core calibration loop (field changes per calibration lookup)", "reported (travels between machines)",
            $"{F(rate / calibration, "0.0000")} ({rate:N0} ÷ {calibration:N0} lookups per CPU second)", null);
    }
}
