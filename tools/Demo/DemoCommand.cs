using System.CommandLine;
using CrmSync.SyncAgent.Cli;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace CrmSync.Demo;

/// <summary>
/// <c>dotnet run --project tools/Demo [-- --keep-running]</c>: both emulators in-process, the managed solution imported,
/// sample data, and a walk through the promises with real cycles. Exit 0 when every promise shown was kept.
/// </summary>
internal static class DemoCommand
{
    /// <summary>The demo's command line (the root command of CrmSync.Demo).</summary>
    public static RootCommand Create(CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var keepRunning = new Option<bool>("--keep-running") { Description = "Leave the agent, its status page and both emulators running until Ctrl+C" };
        var command = new RootCommand("Run CrmSync against built-in Dynamics 365 and Marketo emulators and show each promise") { keepRunning };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var console = ConsoleFactory.Create(parseResult.InvocationConfiguration.Output);
            Func<IReadOnlyDictionary<string, string?>, CancellationToken, Task>? keep = null;
            if (parseResult.GetValue(keepRunning))
            {
                keep = async (settings, ct) =>
                {
                    var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
                    await using var app = RunCommand.Build(configuration, environment);
                    await app.StartAsync(ct).ConfigureAwait(false);
                    console.MarkupLine($"The agent is running: status page [link]{string.Join(' ', app.Urls)}[/]. Press Ctrl+C to stop.");
                    await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
                };
            }

            var kept = await new DemoRunner(console).RunAsync(keep, cancellationToken).ConfigureAwait(false);
            return kept ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }
}
