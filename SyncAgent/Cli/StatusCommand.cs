using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CrmSync.SyncAgent.Health;
using CrmSync.SyncAgent.Http;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Cli;

/// <summary><c>crmsync status [--search text] [--csv file] [--json]</c> (DESIGN B12).</summary>
internal static class StatusCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create(CliEnvironment environment)
    {
        var search = new Option<string?>("--search") { Description = "Show only rejections containing this text (message, code, record, Marketo id, field)" };
        var csv = new Option<FileInfo?>("--csv") { Description = "Export the (matching) rejections to this CSV file" };
        var json = new Option<bool>("--json") { Description = "Print the status as JSON" };
        var command = new Command("status", "Recent cycles, backlog, throughput, API budget and rejected records") { search, csv, json };
        command.SetAction((parseResult, cancellationToken) => AgentCommandRunner.RunAsync(parseResult, environment, async (session, ct) =>
        {
            var text = parseResult.GetValue(search);
            if (parseResult.GetValue(csv) is { } file)
            {
                var query = new RejectionQuery { Text = string.IsNullOrWhiteSpace(text) ? null : text, Limit = int.MaxValue };
                int count;
                await using (var writer = new StreamWriter(file.FullName, append: false, new System.Text.UTF8Encoding(false)))
                {
                    count = await session.Get<StateStore>().ExportRejectionsCsvAsync(writer, query, ct).ConfigureAwait(false);
                }

                await session.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Wrote {count} rejection(s) to {file.FullName}")).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var snapshot = await session.Get<StatusReporter>().GetAsync(text, ct).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                await session.Output.WriteLineAsync(StatusJson.ToJson(snapshot).ToJsonString(Indented)).ConfigureAwait(false);
            }
            else
            {
                StatusView.Render(session.Console, snapshot);
                await LeaseView.WriteAsync(session, ct).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
