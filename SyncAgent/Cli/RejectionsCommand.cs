using System.CommandLine;
using System.Globalization;
using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Cli;

/// <summary><c>crmsync rejections retry [--id N | --code C | --all]</c> (DESIGN B18): the next cycle sends those values again.</summary>
internal static class RejectionsCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var id = new Option<long?>("--id") { Description = "The rejection with this id (as `status` shows it)" };
        var code = new Option<string?>("--code") { Description = "Every open rejection with this error code (e.g. 0x80040265 or 1003)" };
        var all = new Option<bool>("--all") { Description = "Every open rejection" };
        var retry = new Command("retry", "Retry open rejections at the next cycle (after the cause was fixed)") { id, code, all };
        retry.SetAction((parseResult, cancellationToken) => AgentCommandRunner.RunAsync(parseResult, environment, async (session, ct) =>
        {
            var chosenId = parseResult.GetValue(id);
            var chosenCode = parseResult.GetValue(code);
            var everything = parseResult.GetValue(all);
            if ((chosenId is null ? 0 : 1) + (chosenCode is null ? 0 : 1) + (everything ? 1 : 0) != 1)
            {
                await session.Error.WriteLineAsync("crmsync rejections retry: choose exactly one of --id, --code or --all.").ConfigureAwait(false);
                return ExitCodes.ConfigurationError;
            }

            var state = session.Get<StateStore>();
            var open = await state.SearchRejectionsAsync(new RejectionQuery { Limit = 100_000 }, ct).ConfigureAwait(false);
            var chosen = open.Where(r => everything || r.Id == chosenId || string.Equals(r.ErrorCode, chosenCode, StringComparison.OrdinalIgnoreCase)).ToList();
            if (chosen.Count == 0)
            {
                await session.Output.WriteLineAsync(chosenId is { } n
                    ? string.Create(CultureInfo.InvariantCulture, $"No open rejection #{n}.")
                    : "No open rejection matches.").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            await using (await state.AcquireWriterAsync("rejections retry", ct).ConfigureAwait(false))
            {
                await using var transaction = await state.BeginAsync(ct).ConfigureAwait(false);
                foreach (var rejection in chosen)
                {
                    await transaction.SetMarkerAsync(RejectionRetries.MarkerName(rejection.Id), "requested", ct).ConfigureAwait(false);
                }

                await transaction.CommitAsync(ct).ConfigureAwait(false);
            }

            await session.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{chosen.Count} rejection(s) will be retried by the next cycle: {string.Join(", ", chosen.Select(r => "#" + r.Id.ToString(CultureInfo.InvariantCulture)))}.")).ConfigureAwait(false);
            return ExitCodes.Success;
        }, cancellationToken));
        return new Command("rejections", "Act on rejected writes") { retry };
    }
}
