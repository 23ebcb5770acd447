using System.CommandLine;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.RealTime;

namespace CrmSync.SyncAgent.Cli;

/// <summary><c>crmsync sync-person &lt;marketoId&gt; [--as lead|contact]</c> (DESIGN B4).</summary>
internal static class SyncPersonCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var marketoId = new Argument<long>("marketoId") { Description = "The Marketo lead id of the person" };
        var entity = new Option<string>("--as") { Description = "Create a lead (default) or a contact", DefaultValueFactory = _ => "lead" };
        entity.AcceptOnlyFromAmong("lead", "contact");
        var command = new Command("sync-person", "Create a Marketo person in Dynamics now and link it (already linked: nothing is written)") { marketoId, entity };
        command.SetAction((parseResult, cancellationToken) => AgentCommandRunner.RunAsync(parseResult, environment, async (session, ct) =>
        {
            var result = await session.Get<PersonSyncService>().SyncAsync(parseResult.GetValue(marketoId), SyncEntityNames.Parse(parseResult.GetValue(entity)!), ct).ConfigureAwait(false);
            await session.Output.WriteLineAsync(result.Message).ConfigureAwait(false);
            if (result.SkippedFields.Count > 0)
            {
                await session.Output.WriteLineAsync($"Not written (the sync user may not write them): {string.Join(", ", result.SkippedFields)}").ConfigureAwait(false);
            }

            return result.IsLinked ? ExitCodes.Success : ExitCodes.Failure;
        }, cancellationToken));
        return command;
    }
}
