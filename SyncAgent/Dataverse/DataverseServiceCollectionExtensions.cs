using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using CrmSync.SyncAgent.Dataverse.Auth;
using CrmSync.SyncAgent.Dataverse.Http;

namespace CrmSync.SyncAgent.Dataverse;

/// <summary>Registers the Dataverse connector.</summary>
internal static class DataverseServiceCollectionExtensions
{
    /// <summary>The named HttpClient the connector uses (add handlers to it for tests or proxies).</summary>
    public const string HttpClientName = "CrmSync.Dataverse";

    /// <summary>
    /// Binds <paramref name="section"/> (<c>CrmSync:Dataverse</c>), validated at start, and registers <see cref="DataverseClient"/>,
    /// <see cref="DataverseTokenSource"/> and <see cref="DataverseCallCounter"/> as singletons (one pipeline and
    /// one concurrency limit per process).
    /// </summary>
    public static IServiceCollection AddDataverseConnector(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<DataverseOptions>()
            .Bind(section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services.AddDataverseConnector();
    }

    /// <summary>
    /// Registers the connector over the <c>IOptions&lt;DataverseOptions&gt;</c> already registered (the agent binds and
    /// validates its whole configuration once, <c>CrmSyncOptionsServiceCollectionExtensions</c> in the Configuration folder).
    /// </summary>
    public static IServiceCollection AddDataverseConnector(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DataverseCallCounter>();
        services.TryAddSingleton(sp => DataverseTokenSource.Create(
            sp.GetRequiredService<IOptions<DataverseOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName)));
        services.AddHttpClient(HttpClientName)
            // The client is a singleton (one pipeline, one concurrency limit), so its handler is never rotated away;
            // pooled connections are recycled instead, to follow DNS changes.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.TryAddSingleton(sp => new DataverseClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<DataverseTokenSource>(),
            sp.GetRequiredService<IOptions<DataverseOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<DataverseCallCounter>(),
            sp.GetRequiredService<ILogger<DataverseClient>>()));
        return services;
    }
}
