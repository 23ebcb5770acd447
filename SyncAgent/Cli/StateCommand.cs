using System.CommandLine;
using System.Globalization;
using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.State.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace CrmSync.SyncAgent.Cli;

/// <summary>
/// <c>crmsync state check</c> (SQLite <c>PRAGMA integrity_check</c>) and <c>crmsync state backup &lt;file&gt;</c> (SQLite's
/// online backup API, safe while the service runs). Both read only <c>CrmSync:State:ConnectionString</c>, open the state
/// read-only and never create or migrate it, so they work when the rest of the configuration or the state is broken.
/// <c>crmsync state migrate</c> (<see cref="StateMigrateCommand"/>) copies a SQLite state into PostgreSQL.
/// </summary>
internal static class StateCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var check = new Command("check", "Check the state file's integrity (SQLite integrity_check); exit 1 if it is damaged");
        check.SetAction((parseResult, _) => RunAsync(parseResult, environment, async (file, output) =>
        {
            var problems = SqliteMaintenance.Check(file);
            if (problems.Count == 0)
            {
                await output.WriteLineAsync($"State file '{file}': integrity check passed.").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"State file '{file}' is damaged ({problems.Count} problem(s) reported by SQLite):")).ConfigureAwait(false);
            foreach (var problem in problems)
            {
                await output.WriteLineAsync("  " + problem).ConfigureAwait(false);
            }

            await output.WriteLineAsync("Stop the agent, keep this file for diagnosis, and restore the latest backup (or move the file away to start a new state).").ConfigureAwait(false);
            return ExitCodes.Failure;
        }));

        var target = new Argument<FileInfo>("file") { Description = "The backup file to create (must not exist)" };
        var backup = new Command("backup", "Copy the state into a new file with SQLite's online backup (safe while the service runs)") { target };
        backup.SetAction((parseResult, _) => RunAsync(parseResult, environment, async (file, output) =>
        {
            var destination = parseResult.GetValue(target)!.FullName;
            SqliteMaintenance.Backup(file, destination);
            await output.WriteLineAsync($"Backed up '{file}' to '{destination}'.").ConfigureAwait(false);
            return ExitCodes.Success;
        }));

        return new Command("state", "Check, back up or migrate the agent's state") { check, backup, StateMigrateCommand.Create(environment) };
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CliEnvironment environment, Func<string, TextWriter, Task<int>> body)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        string? file;
        try
        {
            var configuration = environment.LoadConfiguration(parseResult.GetValue(RootCommandFactory.ConfigOption));
            if (string.Equals(configuration[$"{CrmSyncOptions.SectionName}:State:Provider"], StateOptions.Postgres, StringComparison.OrdinalIgnoreCase))
            {
                await error.WriteLineAsync("crmsync: state check and state backup work on the SQLite state; for PostgreSQL use its own tools (pg_dump for a backup, amcheck for integrity).").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            file = StateFile(configuration[$"{CrmSyncOptions.SectionName}:State:ConnectionString"] ?? StateOptions.DefaultConnectionString);
        }
        catch (Exception ex) when (AgentCommandRunner.ConfigurationErrors(ex) is { Count: > 0 } messages)
        {
            return await AgentCommandRunner.WriteConfigurationErrorsAsync(error, messages).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            return await AgentCommandRunner.WriteConfigurationErrorsAsync(error, [$"CrmSync:State:ConnectionString is not a valid SQLite connection string: {ex.Message}"]).ConfigureAwait(false);
        }

        if (file is null)
        {
            await error.WriteLineAsync("crmsync: the state is in memory (CrmSync:State:ConnectionString); there is no file to check or back up.").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        try
        {
            return await body(file, output).ConfigureAwait(false);
        }
        catch (StateStoreException ex)
        {
            await error.WriteLineAsync("crmsync: " + ex.Message).ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    private static string? StateFile(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        return builder.Mode == SqliteOpenMode.Memory || builder.DataSource == ":memory:" ? null : Path.GetFullPath(builder.DataSource);
    }
}
