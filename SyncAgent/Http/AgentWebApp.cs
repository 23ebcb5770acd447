using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Hosting;
using CrmSync.SyncAgent.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.SyncAgent.Http;

/// <summary>
/// The web side of <c>crmsync run</c>: Kestrel on <c>CrmSync:Http:Urls</c> (default http://127.0.0.1:5080; a
/// non-loopback address needs <c>CrmSync:Http:StatusKey</c>) serving the sync-person webhook (per pair: <see cref="PairServices"/>), <c>/healthz</c>, the status
/// page and its API. The agent's services come from <see cref="AgentServices.AddCrmSyncAgent"/>.
/// </summary>
internal static class AgentWebApp
{
    /// <summary>The largest request body accepted (the webhook's JSON is a few dozen bytes).</summary>
    public const int MaxRequestBodyBytes = 16 * 1024;

    /// <summary>
    /// Builds the web application over <paramref name="configuration"/>. <paramref name="configureServices"/> runs after
    /// the agent's registrations: <c>crmsync run</c> adds its hosted sync worker there
    /// (<c>services.AddHostedService&lt;SyncWorker&gt;()</c>); tests replace HTTP handlers. Options are validated when the
    /// application starts.
    /// </summary>
    public static WebApplication Build(IConfiguration configuration, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        // Exactly the agent's configuration sources (AgentConfiguration), not the web defaults.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        builder.Services.AddCrmSyncAgent(builder.Configuration);
        builder.Services.AddCrmSyncTelemetry(builder.Configuration);
        configureServices?.Invoke(builder.Services);

        var urls = configuration[$"{CrmSyncOptions.SectionName}:Http:Urls"];
        builder.WebHost.UseUrls([.. new HttpOptions { Urls = string.IsNullOrWhiteSpace(urls) ? HttpOptions.DefaultUrls : urls }.UrlList]);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
        });

        var app = builder.Build();
        var pairs = new PairServices(configuration, app.Services, configureServices);
        app.Lifetime.ApplicationStopped.Register(() => pairs.DisposeAsync().AsTask().GetAwaiter().GetResult());
        var hosts = new Lazy<HostAllowList>(() => new HostAllowList(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HttpOptions>>().Value));
        app.Use(SecurityHeaders.InvokeAsync);
        app.Use((context, next) => hosts.Value.InvokeAsync(context, next));
        MetricsEndpoint.Map(app);
        AgentEndpoints.Map(app, pairs);
        return app;
    }
}
