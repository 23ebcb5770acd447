using System.CommandLine;
using System.Globalization;
using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.State.Postgres;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace CrmSync.SyncAgent.Cli;

/// <summary>
/// <c>crmsync state migrate --to postgres --connection-string … [--pair name]</c>: copies the configured SQLite state
/// (<c>CrmSync:State:ConnectionString</c>) into PostgreSQL, the move an admin makes when a second agent is added.
/// </summary>
internal static class StateMigrateCommand
{
    /// <summary>The <c>migrate</c> subcommand of <c>crmsync state</c>.</summary>
    public static Command Create(CliEnvironment environment)
    {
        var to = new Option<string>("--to") { Description = "The target provider: postgres", Required = true };
        var connectionString = new Option<string>("--connection-string") { Description = "The PostgreSQL connection string (Host=…;Database=…;Username=…)", Required = true };
        var migrate = new Command("migrate", "Copy the SQLite state into PostgreSQL (the pair of --pair); refuses a target that already holds state") { to, connectionString };
        migrate.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (!string.Equals(parseResult.GetValue(to), StateOptions.Postgres, StringComparison.OrdinalIgnoreCase))
            {
                await error.WriteLineAsync("crmsync: --to must be postgres.").ConfigureAwait(false);
                return ExitCodes.ConfigurationError;
            }

            var name = parseResult.GetValue(RootCommandFactory.PairOption) ?? PairNames.Default;
            if (!PairNames.IsValid(name))
            {
                await error.WriteLineAsync($"crmsync: invalid --pair '{name}': use 1-40 of a-z, 0-9 and _.").ConfigureAwait(false);
                return ExitCodes.ConfigurationError;
            }

            var state = new StateOptions();
            environment.LoadConfiguration(parseResult.GetValue(RootCommandFactory.ConfigOption)).GetSection("CrmSync:State").Bind(state);
            if (state.IsPostgres)
            {
                await error.WriteLineAsync("crmsync: CrmSync:State:Provider is already postgres; the source of a migration is the SQLite state.").ConfigureAwait(false);
                return ExitCodes.ConfigurationError;
            }

            try
            {
                var copied = await SqliteToPostgresCopier.CopyAsync(
                    state.ConnectionString, parseResult.GetValue(connectionString)!, name, TimeProvider.System, cancellationToken).ConfigureAwait(false);
                foreach (var (table, rows) in copied)
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{table,-18} {rows,10} row(s)")).ConfigureAwait(false);
                }

                await output.WriteLineAsync($"Copied the SQLite state into PostgreSQL schema {PostgresStateStore.SchemaFor(name)}. "
                    + "Set CrmSync:State:Provider=postgres and CrmSync:State:ConnectionString on every agent.").ConfigureAwait(false);
                return ExitCodes.Success;
            }
            catch (Exception ex) when (ex is StateMigrationException or NpgsqlException or ArgumentException or InvalidOperationException)
            {
                await error.WriteLineAsync("crmsync: " + ex.Message).ConfigureAwait(false);
                return ExitCodes.Failure;
            }
        });
        return migrate;
    }
}
