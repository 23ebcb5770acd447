using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Marketo;

/// <summary>Registers the Marketo connector: options (validated at start), the HTTP client, the API client and <see cref="MarketoClient"/>.</summary>
internal static class MarketoServiceCollectionExtensions
{
    /// <summary>Name of the HTTP client used for identity and REST calls.</summary>
    public const string HttpClientName = "CrmSync.Marketo";

    /// <summary>Adds the connector on its own, bound to <paramref name="section"/> (<c>CrmSync:Marketo</c>) and validated at start.</summary>
    public static IServiceCollection AddMarketoConnector(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<MarketoOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        return services.AddMarketoConnector();
    }

    /// <summary>
    /// Adds the connector over the <c>IOptions&lt;MarketoOptions&gt;</c> already registered (the agent binds and validates
    /// its whole configuration once, <c>CrmSyncOptionsServiceCollectionExtensions</c> in the Configuration folder).
    /// </summary>
    public static IServiceCollection AddMarketoConnector(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(HttpClientName, client => client.Timeout = TimeSpan.FromMinutes(6))
            // The API client is a singleton (it owns the token cache and the rate window), so its handler must not
            // be rotated away under it; pooled connections are recycled instead.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(15) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.TryAddSingleton(sp => new MarketoApiClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<IOptions<MarketoOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<MarketoApiClient>>(),
            sp.GetService<MarketoQuotaShare>()));
        services.TryAddSingleton(sp => new MarketoClient(
            sp.GetRequiredService<MarketoApiClient>(),
            sp.GetRequiredService<IOptions<MarketoOptions>>().Value,
            sp.GetRequiredService<ILogger<MarketoClient>>()));
        return services;
    }
}
