using CrmSync.SyncAgent.Alerts;
using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Dataverse.Metadata;
using CrmSync.SyncAgent.Health;
using CrmSync.SyncAgent.Marketo;
using CrmSync.SyncAgent.RealTime;
using CrmSync.SyncAgent.Setup;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.State.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Hosting;

/// <summary>The agent's composition root, shared by every command and by <c>crmsync run</c>.</summary>
internal static class AgentServices
{
    /// <summary>
    /// Registers the validated options (<see cref="CrmSyncOptions"/> and each section), both connectors (over the
    /// sections of that one bound configuration), the configured <see cref="StateStore"/> (SQLite or PostgreSQL; one per process,
    /// schema created or migrated when first resolved), <see cref="TimeProvider.System"/> unless one is registered,
    /// logging, and the operator services (sync person, status, field checks, doctor).
    /// </summary>
    public static IServiceCollection AddCrmSyncAgent(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddCrmSyncOptions(configuration);
        services.AddDataverseConnector();
        services.AddMarketoConnector();
        services.TryAddSingleton<StateStore>(sp =>
        {
            // A pair run under a lease (crmsync run on PostgreSQL) registers its CommitFence: every commit is then fenced.
            var options = sp.GetRequiredService<IOptions<StateOptions>>().Value;
            var store = StateStoreFactory.Create(options, sp.GetRequiredService<TimeProvider>(), options.Pair, sp.GetService<CommitFence>());
            // DI factories are synchronous; SQLite initialises synchronously anyway, PostgreSQL once per process at start.
            store.InitializeAsync().GetAwaiter().GetResult();
            return store;
        });
        services.TryAddSingleton<StateHealth>();
        services.TryAddSingleton(sp => new MarketoQuotaShare(
            sp.GetRequiredService<IOptions<MarketoOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            async (since, cancellationToken) => (await sp.GetRequiredService<StateStore>().GetRecentCyclesAsync(StatusReporter.CycleWindow, cancellationToken).ConfigureAwait(false))
                .Where(c => c.StartedOn >= since).Sum(c => (long)c.MarketoCalls)));
        services.TryAddSingleton<SyncUserAccess>();
        services.TryAddSingleton<PersonSyncService>();
        services.TryAddSingleton<KeptRequests, KeptPersonRequests>();
        services.TryAddSingleton<KeptRequestDrain>();
        services.TryAddSingleton<StatusReporter>();
        services.TryAddSingleton<GaugeRefresher>();
        services.TryAddSingleton<MappingChecker>();
        services.TryAddSingleton<PluginStepConfigurator>();
        services.TryAddSingleton<Doctor>();
        services.AddSyncCycle();
        services.AddAlerts();
        services.TryAddSingleton<History.PersonHistory>();
        services.TryAddSingleton<Repair.Resync>();
        return services;
    }

    /// <summary>
    /// Runs every start-time validation (<c>ValidateOnStart</c>) of a provider built outside a host, as the generic
    /// host does at start. Throws <see cref="OptionsValidationException"/> listing every failure.
    /// </summary>
    public static void ValidateOnStart(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.GetService<IStartupValidator>()?.Validate();
    }

    /// <summary>
    /// Validates the options of <paramref name="configuration"/> alone (binding and <c>ValidateOnStart</c>), building
    /// nothing else. Throws as <see cref="ValidateOnStart"/>.
    /// </summary>
    public static void ValidateConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        using var provider = new ServiceCollection().AddCrmSyncAgent(configuration).BuildServiceProvider();
        ValidateOnStart(provider);
    }
}
