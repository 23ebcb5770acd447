using System.CommandLine;
using CrmSync.SyncAgent.Cluster;
using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Http;
using CrmSync.SyncAgent.Hosting;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.State.Postgres;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CrmSync.SyncAgent.Cli;

/// <summary>
/// <c>crmsync run</c>: the service (DESIGN B1). The sync loop, the sync-person webhook, the status page and the health
/// endpoint in one process; runs as a Windows service or under systemd when started by them; stops gracefully.
/// </summary>
internal static class RunCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("run", "Run the agent as a service: a cycle every interval, plus the webhook and status page");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                var configuration = environment.LoadConfiguration(parseResult.GetValue(RootCommandFactory.ConfigOption));
                ConfigurationChecks.Check(configuration, listens: true);
                await using var app = Build(configuration, environment);

                // Before the host resolves its hosted services: they construct the connectors from the options.
                AgentServices.ValidateOnStart(app.Services);
                await app.RunAsync().ConfigureAwait(false);
                return ExitCodes.Success;
            }
            catch (Exception ex) when (StateFault(ex) is { } fault)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync("crmsync: " + fault).ConfigureAwait(false);
                return ExitCodes.Failure;
            }
            catch (Exception ex) when (AgentCommandRunner.ConfigurationErrors(ex) is { Count: > 0 } messages)
            {
                return await AgentCommandRunner.WriteConfigurationErrorsAsync(parseResult.InvocationConfiguration.Error, messages).ConfigureAwait(false);
            }
        });
        return command;
    }

    private static string? StateFault(Exception ex) => ex switch
    {
        StateStoreException store => store.Message,
        AggregateException aggregate when aggregate.InnerExceptions.Count == 1 => StateFault(aggregate.InnerExceptions[0]),
        _ => null,
    };

    /// <summary>The service's web application with the sync worker hosted in it.</summary>
    public static WebApplication Build(Microsoft.Extensions.Configuration.IConfiguration configuration, CliEnvironment environment) =>
        AgentWebApp.Build(configuration, services =>
        {
            // On PostgreSQL the pairs run under leases (DESIGN B21); on SQLite this process runs the one pair.
            if (IsPostgres(configuration))
            {
                services.AddSingleton(new ClusterServices(environment.ConfigureServices));
                services.AddSingleton(new PairFences(PairFences.HolderId(configuration[$"{ClusterOptions.SectionName}:HolderId"])));
                services.AddHostedService<ClusterWorker>();
            }
            else
            {
                services.AddHostedService<SyncWorker>();
                // Kept sync-person requests are carried out as soon as Dynamics takes requests again (issue 17).
                services.AddHostedService<KeptRequestDrainWorker>();
            }

            services.AddHostedService<Alerts.AlertWorker>();
            services.AddWindowsService(options => options.ServiceName = ServiceUnit.DefaultName);
            services.AddSystemd();
            environment.ConfigureServices?.Invoke(services);
        });

    private static bool IsPostgres(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        string.Equals(configuration["CrmSync:State:Provider"], StateOptions.Postgres, StringComparison.OrdinalIgnoreCase);
}
