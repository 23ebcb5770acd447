using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Marketo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Configuration;

/// <summary>Registers the agent's configuration.</summary>
internal static class CrmSyncOptionsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="CrmSyncOptions"/> from section <c>CrmSync</c>, validates it at start (once: every section's rules run
    /// in <see cref="CrmSyncOptionsValidator"/>), and registers each section (<c>IOptions&lt;DataverseOptions&gt;</c>, …)
    /// from that one bound instance, and the compiled <see cref="FieldMapping"/>.
    /// </summary>
    public static OptionsBuilder<CrmSyncOptions> AddCrmSyncOptions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<IValidateOptions<CrmSyncOptions>, CrmSyncOptionsValidator>();
        var section = configuration.GetSection(CrmSyncOptions.SectionName);
        var builder = services.AddOptions<CrmSyncOptions>().Bind(section)
            .Configure(o => o.Sync.BindKinds(section.GetSection("Sync"))).ValidateOnStart();
        services.AddSingleton(sp => Options.Create(Root(sp).Dataverse));
        services.AddSingleton(sp => Options.Create(Root(sp).Marketo));
        services.AddSingleton(sp => Options.Create(Root(sp).Sync));
        services.AddSingleton(sp => Options.Create(Root(sp).State));
        services.AddSingleton(sp => Options.Create(Root(sp).Webhook));
        services.AddSingleton(sp => Options.Create(Root(sp).Http));
        services.AddSingleton(sp => Options.Create(Root(sp).Alerts));
        services.AddSingleton(sp => Options.Create(Root(sp).History));
        services.AddSingleton(sp => FieldMappingFactory.Create(Root(sp).Sync));
        services.AddSingleton(sp => ObjectMappingFactory.Create(Root(sp).Sync));
        return builder;
    }

    private static CrmSyncOptions Root(IServiceProvider services) => services.GetRequiredService<IOptions<CrmSyncOptions>>().Value;
}
