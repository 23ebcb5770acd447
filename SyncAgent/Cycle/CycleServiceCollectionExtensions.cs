using CrmSync.SyncAgent.Cycle.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>Registers the sync cycle on top of the connectors, the state store and the field mapping.</summary>
internal static class CycleServiceCollectionExtensions
{
    /// <summary>Adds <see cref="SyncCycle"/> and its parts.</summary>
    public static IServiceCollection AddSyncCycle(this IServiceCollection services)
    {
        services.TryAddSingleton<Dataverse.Metadata.SyncUserAccess>();
        services.TryAddSingleton<CrmPort, DataverseCrmPort>();
        services.TryAddSingleton<MarketoPort, MarketoRestPort>();
        services.TryAddSingleton<AccessibleMapping>();
        services.TryAddSingleton<PlanExecutor>();
        services.TryAddSingleton<EmailOwnerReader>();
        services.TryAddSingleton<CyclePlanning>();
        services.TryAddSingleton<CrashLeftovers>();
        services.TryAddSingleton<Backfill>();
        services.TryAddSingleton<OneWaySync>();
        services.TryAddSingleton<RejectionNotifier>();
        services.TryAddSingleton<SyncCycle>();
        return services;
    }
}
