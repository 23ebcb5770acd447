using System.Diagnostics;
using CrmSync.Benchmarks.EndToEnd.Agent;
using CrmSync.Benchmarks.EndToEnd.Emulators;
using CrmSync.SyncAgent.Cycle;

namespace CrmSync.Benchmarks.EndToEnd.Scenarios;

/// <summary>One cycle as the emulators counted it, with the agent process's CPU time and the wall time.</summary>
internal sealed record CycleMeasurement(CycleReport Report, EmulatorCounters Calls, TimeSpan Wall, TimeSpan AgentCpu)
{
    public long DataverseMinimum => MinimumCalls.Dataverse(Report.Record.CrmRead, Report.Record.CrmWritten);

    public long MarketoMinimum => MinimumCalls.Marketo(Report.Record.MarketoRead, Report.Record.MarketoWritten);

    public long TotalCalls => Calls.DataverseRequests + Calls.MarketoRestCalls;

    public double Economy => (double)TotalCalls / (DataverseMinimum + MarketoMinimum);

    public long Records => Report.Record.CrmWritten + Report.Record.MarketoWritten;

    public double CpuShare => AgentCpu / Wall;

    public long LimitAnswers => Calls.DataverseThrottled + Calls.MarketoLimitErrors;

    public static async Task<CycleMeasurement> RunAsync(AgentRig agent, EmulatorProcess emulators)
    {
        var before = await emulators.CountersAsync();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var report = await agent.RunCycleAsync();
        clock.Stop();
        process.Refresh();
        var agentCpu = process.TotalProcessorTime - cpu;
        if (!report.Completed)
        {
            throw new InvalidOperationException($"Cycle {report.Record.Id} did not complete: {report.Record.Outcome} {report.Record.Message}");
        }

        return new CycleMeasurement(report, await emulators.CountersAsync() - before, clock.Elapsed, agentCpu);
    }

    public override string ToString()
    {
        var r = Report.Record;
        return $"read {r.CrmRead:N0} staged / {r.MarketoRead:N0} Marketo changes, wrote {r.CrmWritten:N0} Dynamics / {r.MarketoWritten:N0} Marketo; "
            + $"calls Dataverse {Calls.DataverseRequests} (min {DataverseMinimum}), Marketo {Calls.MarketoRestCalls} (min {MarketoMinimum}) + {Calls.MarketoTokenRequests} token; "
            + $"429/606/607/615: {LimitAnswers}; wall {Wall.TotalSeconds:0.0} s, agent CPU {AgentCpu.TotalSeconds:0.00} s";
    }
}
