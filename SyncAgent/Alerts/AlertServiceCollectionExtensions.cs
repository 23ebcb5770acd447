using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Marketo;
using CrmSync.SyncAgent.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Alerts;

/// <summary>Registers the alert monitor and its channels (the worker is added by <c>crmsync run</c>).</summary>
internal static class AlertServiceCollectionExtensions
{
    /// <summary>Name of the HTTP client that posts to the alert webhook.</summary>
    public const string HttpClientName = "CrmSync.Alerts";

    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.AddHttpClient(HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30));
        services.TryAddSingleton(sp => new AlertRedactor(sp.GetRequiredService<IOptions<CrmSyncOptions>>().Value));
        services.TryAddSingleton(sp => new AlertMonitor(
            sp.GetRequiredService<StateStore>(),
            Channels(sp),
            sp.GetRequiredService<AlertRedactor>(),
            sp.GetRequiredService<IOptions<AlertOptions>>(),
            sp.GetRequiredService<IOptions<MarketoOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AlertMonitor>>()));
        return services;
    }

    /// <summary>The configured channels: the webhook when <c>WebhookUrl</c> is set, e-mail when <c>Smtp:Host</c> is.</summary>
    private static List<AlertChannel> Channels(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<AlertOptions>>().Value;
        var channels = new List<AlertChannel>();
        if (options.WebhookUrl is { } url)
        {
            channels.Add(new WebhookAlertChannel(services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName), url));
        }

        if (options.Smtp.Enabled)
        {
            channels.Add(new SmtpAlertChannel(options.Smtp));
        }

        return channels;
    }
}
