using System.Globalization;
using CrmSync.DataverseEmulator.Admin;
using CrmSync.SyncAgent.Cli;
using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Hosting;
using CrmSync.SyncAgent.RealTime;
using CrmSync.SyncAgent.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace CrmSync.Demo;

/// <summary>
/// The demo (tools/Demo): both emulators in-process, the managed solution imported, sample data seeded, and a walk through
/// the promises with real cycles. Every step checks its promise; a broken promise fails the demo (exit 1).
/// </summary>
/// <param name="console">Where the account goes.</param>
/// <param name="prepare">Changes the emulators after they start and before the story (tests: a world where a promise breaks).</param>
internal sealed class DemoRunner(IAnsiConsole console, Action<DemoEnvironment>? prepare = null)
{
    private readonly List<(string Promise, bool Kept, string Detail)> _results = [];

    /// <summary>Runs the demo; <paramref name="keepRunning"/> is called with the agent's settings before the emulators stop.</summary>
    public async Task<bool> RunAsync(Func<IReadOnlyDictionary<string, string?>, CancellationToken, Task>? keepRunning, CancellationToken cancellationToken)
    {
        console.Write(new Rule("[bold]CrmSync demo[/]: Dynamics 365 and Marketo emulators on loopback").LeftJustified());
        var stateFolder = TemporaryStateFolder.Create("crmsync-demo-");
        try
        {
            await using var environment = await DemoEnvironment.StartAsync(cancellationToken).ConfigureAwait(false);
            prepare?.Invoke(environment);
            var settings = environment.AgentSettings(stateFolder.ConnectionString("crmsync-demo.db"));
            settings["CrmSync:Sync:Accounts:Enabled"] = "true"; // the demo shows accounts reaching Marketo as companies (B16)
            settings["CrmSync:Sync:Opportunities:Enabled"] = "true"; // and an opportunity with its contact's role (B16)
            Say($"Dataverse emulator at {environment.Dataverse.BaseUrl}, Marketo emulator at {environment.Marketo.BaseUrl}.");
            Say($"Imported the managed solution {Path.GetFileName(environment.SolutionPath)}; its plug-in steps now run the real CrmSync.Plugins.dll.");

            var services = new ServiceCollection().AddCrmSyncAgent(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();
            await using (services.ConfigureAwait(false))
            {
                AgentServices.ValidateOnStart(services);
                await new DemoScenario(environment, services, this).RunAsync(cancellationToken).ConfigureAwait(false);
            }

            PrintSummary();
            if (keepRunning is not null)
            {
                await keepRunning(settings, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            stateFolder.Dispose();
        }

        return _results.TrueForAll(r => r.Kept);
    }

    /// <summary>Prints a step heading.</summary>
    public void Step(string title) => console.Write(new Rule($"[yellow]{Markup.Escape(title)}[/]").LeftJustified());

    /// <summary>Prints a line of the account.</summary>
    public void Say(string text) => console.MarkupLine("  " + Markup.Escape(text));

    /// <summary>Records whether a promise was kept, and prints it.</summary>
    public void Check(string promise, bool kept, string detail)
    {
        _results.Add((promise, kept, detail));
        console.MarkupLine(kept ? $"  [green]✔[/] {Markup.Escape(promise)}: {Markup.Escape(detail)}" : $"  [red]✘ {Markup.Escape(promise)}[/]: {Markup.Escape(detail)}");
    }

    /// <summary>Prints a cycle's one-line account.</summary>
    public void Cycle(CycleReport report) => Say(SyncCommand.Describe(report));

    private void PrintSummary()
    {
        var table = new Table().Title("What the demo showed").AddColumn("Promise").AddColumn("Kept").AddColumn("Detail");
        foreach (var (promise, kept, detail) in _results)
        {
            table.AddRow(Markup.Escape(promise), kept ? "[green]yes[/]" : "[red]NO[/]", Markup.Escape(detail));
        }

        console.Write(table);
    }
}
