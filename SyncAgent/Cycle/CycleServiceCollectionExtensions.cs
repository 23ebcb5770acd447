using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>Registers the sync cycle on top of the connectors, the state store and the field mapping.</summary>
internal static class CycleServiceCollectionExtensions
{
    /// <summary>Adds <see cref="SyncCycle"/> and its parts.</summary>
    public static IServiceCollection AddSyncCycle(this IServiceCollection services)
    {
        services.AddSingleton<PlanExecutor>();
        services.AddSingleton<Backfill>();
        services.AddSingleton<RejectionNotifier>();
        services.AddSingleton<SyncCycle>();
        return services;
    }
}
