using System.CommandLine;
using System.Globalization;
using CrmSync.SyncAgent.Cycle;
using Spectre.Console;

namespace CrmSync.SyncAgent.Cli;

/// <summary><c>crmsync sync --once</c>: one whole cycle, for operators (DESIGN B5); exit 0 when it completed.</summary>
internal static class SyncCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var once = new Option<bool>("--once") { Description = "Run one whole cycle now and exit (the service loop is `crmsync run`)" };
        var command = new Command("sync", "Run one sync cycle (first run: links and copies the whole database)") { once };
        command.SetAction((parseResult, cancellationToken) => AgentCommandRunner.RunAsync(parseResult, environment, async (session, ct) =>
        {
            if (!parseResult.GetValue(once))
            {
                await session.Error.WriteLineAsync("crmsync sync runs one cycle: pass --once. The continuous service is `crmsync run`.").ConfigureAwait(false);
                return ExitCodes.ConfigurationError;
            }

            var report = await RunWithProgressAsync(session.Console, session.Get<SyncCycle>(), ct).ConfigureAwait(false);
            await session.Output.WriteLineAsync(Describe(report)).ConfigureAwait(false);
            return report.Completed ? ExitCodes.Success : ExitCodes.Failure;
        }, cancellationToken));
        return command;
    }

    /// <summary>Runs a cycle with a progress bar for the backfill when the console is interactive.</summary>
    public static async Task<CycleReport> RunWithProgressAsync(IAnsiConsole console, SyncCycle cycle, CancellationToken cancellationToken)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            return await cycle.RunAsync(null, cancellationToken).ConfigureAwait(false);
        }

        CycleReport? report = null;
        await console.Progress().StartAsync(async context =>
        {
            var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
            var progress = new Progress<SyncProgress>(p =>
            {
                if (!tasks.TryGetValue(p.Stage, out var task))
                {
                    task = tasks[p.Stage] = context.AddTask(p.Stage).IsIndeterminate();
                }

                task.Description = string.Create(CultureInfo.InvariantCulture, $"{p.Stage}: {p.Done} read, {p.Linked} linked");
            });
            report = await cycle.RunAsync(progress, cancellationToken).ConfigureAwait(false);
            foreach (var task in tasks.Values)
            {
                task.IsIndeterminate(false).Value = task.MaxValue;
            }
        }).ConfigureAwait(false);
        return report!;
    }

    /// <summary>One line that says what a cycle did.</summary>
    public static string Describe(CycleReport report)
    {
        var r = report.Record;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Cycle {r.Id} {r.Outcome.ToString().ToLowerInvariant()} in {r.Duration?.TotalSeconds:0.0} s: read {r.CrmRead} Dynamics / {r.MarketoRead} Marketo changes, wrote {r.CrmWritten} Dynamics / {r.MarketoWritten} Marketo records, {r.Collisions} collisions, {r.Rejections} rejections, {report.Linked} linked, API calls {r.DataverseCalls} Dynamics / {r.MarketoCalls} Marketo.{(r.Message is null ? string.Empty : " " + r.Message)}{(report.KeptRequestsCarriedOut > 0 ? $" Kept sync-person requests carried out: {report.KeptRequestsCarriedOut}." : string.Empty)}");
    }
}
