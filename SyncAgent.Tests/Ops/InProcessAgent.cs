using CrmSync.SyncAgent.Cli;
using CrmSync.SyncAgent.Hosting;
using CrmSync.SyncAgent.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.SyncAgent.Tests.Ops;

/// <summary>The agent's entry points (CLI, composition root, web app) run in the test process over a given configuration.</summary>
internal static class InProcessAgent
{
    /// <summary>A CLI environment over <paramref name="configuration"/> that never runs an external process.</summary>
    /// <param name="platform">The operating system <c>service install</c> sees; the real one by default.</param>
    public static CliEnvironment Cli(Func<IConfiguration> configuration, Action<IServiceCollection>? configureServices = null, Func<OSPlatform>? platform = null) => new()
    {
        LoadConfiguration = _ => configuration(),
        ConfigureServices = configureServices,
        Platform = platform ?? OSPlatformDetector.Current,
        RunProcess = (_, _, _) => throw new InvalidOperationException("tests never run processes"),
    };

    /// <summary>The agent's services composed as in production and validated as at start.</summary>
    public static ServiceProvider BuildServices(IConfiguration configuration, Action<IServiceCollection>? configureServices = null)
    {
        var services = new ServiceCollection();
        services.AddCrmSyncAgent(configuration);
        configureServices?.Invoke(services);
        var provider = services.BuildServiceProvider();
        AgentServices.ValidateOnStart(provider);
        return provider;
    }

    /// <summary>Starts the agent's web app (what <c>crmsync run</c> serves); returns it and a client on the address it bound.</summary>
    public static async Task<(WebApplication App, HttpClient Client)> StartWebAsync(IConfiguration configuration, Action<IServiceCollection>? configureServices = null)
    {
        var app = AgentWebApp.Build(configuration, configureServices);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new HttpClient { BaseAddress = new Uri(address) });
    }
}
