using System.CommandLine;
using System.Globalization;
using CrmSync.SyncAgent.History;

namespace CrmSync.SyncAgent.Cli;

/// <summary><c>crmsync history &lt;email | marketoId | dynamicsId&gt;</c> (DESIGN B19): a person's links and rejections, newest first.</summary>
internal static class HistoryCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var who = new Argument<string>("person") { Description = "An e-mail address, a Marketo lead id or a Dynamics lead/contact id" };
        var command = new Command("history", "A person's history: links, relinks, unlinks and rejected writes, newest first") { who };
        command.SetAction((parseResult, cancellationToken) => AgentCommandRunner.RunAsync(parseResult, environment, async (session, ct) =>
        {
            var result = await session.Get<PersonHistory>().GetAsync(parseResult.GetValue(who)!, ct).ConfigureAwait(false);
            if (result.MarketoIds.Count == 0 && result.Entries.Count == 0)
            {
                await session.Output.WriteLineAsync($"No person or record found for '{result.Query}'.").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            await session.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"History of {result.Query} (Marketo person {string.Join(", ", result.MarketoIds)}): {result.Entries.Count} event(s), newest first")).ConfigureAwait(false);
            foreach (var entry in result.Entries)
            {
                await session.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{entry.OccurredOn.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z  {entry.Event,-9} {entry.Record ?? "-"}  {entry.Detail}")).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
