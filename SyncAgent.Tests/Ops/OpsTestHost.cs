using CrmSync.MarketoEmulator;
using CrmSync.SyncAgent.Cli;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Emulator = CrmSync.MarketoEmulator.MarketoEmulator;

namespace CrmSync.SyncAgent.Tests.Ops;

/// <summary>
/// The agent composed as in production (<see cref="AgentServices.AddCrmSyncAgent"/>) over the in-process Marketo
/// emulator and a <see cref="FakeDataverse"/>, with an in-memory state store.
/// </summary>
internal sealed class OpsTestHost : IAsyncDisposable
{
    public const string WebhookSecret = "webhook-secret-0123456789";
    public const string DataverseToken = "dataverse-token-SECRET-42";

    private OpsTestHost(Emulator marketo, Dictionary<string, string?> settings)
    {
        Marketo = marketo;
        Settings = settings;
    }

    public Emulator Marketo { get; }

    public FakeDataverse Dataverse { get; } = new();

    /// <summary>The configuration; change it before building services.</summary>
    public Dictionary<string, string?> Settings { get; }

    public static async Task<OpsTestHost> StartAsync()
    {
        var marketo = await Emulator.StartAsync();
        return new OpsTestHost(marketo, new Dictionary<string, string?>
        {
            ["CrmSync:Dataverse:Url"] = "https://org.example.crm.dynamics.com",
            ["CrmSync:Dataverse:AccessToken"] = DataverseToken,
            ["CrmSync:Dataverse:RetryBaseDelay"] = "00:00:00.001",
            ["CrmSync:Dataverse:MaxRetryAttempts"] = "0",
            ["CrmSync:Marketo:BaseUrl"] = marketo.BaseUrl,
            ["CrmSync:Marketo:ClientId"] = MarketoEmulatorOptions.DefaultClientId,
            ["CrmSync:Marketo:ClientSecret"] = MarketoEmulatorOptions.DefaultClientSecret,
            ["CrmSync:State:ConnectionString"] = "Data Source=:memory:",
            ["CrmSync:Webhook:Secret"] = WebhookSecret,
            // Tests here may run the agent on a fake clock; the gather window is tested in LeadLookupBatcherTests.
            ["CrmSync:Webhook:LookupGatherWindow"] = "00:00:00",
            // The longest answer budget, so a loaded machine does not turn a call into a 202; the budget is tested on a fake clock.
            ["CrmSync:Webhook:AnswerWithin"] = "00:00:20",
            ["CrmSync:Http:Urls"] = "http://127.0.0.1:0",
        });
    }

    public IConfiguration Configuration() => new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();

    /// <summary>The agent's clock when set (e.g. a FakeTimeProvider); the system clock otherwise. Set before building services.</summary>
    public TimeProvider? Time { get; set; }

    /// <summary>Puts the fake under the Dataverse connector (and <see cref="Time"/>, when set, under the agent).</summary>
    public void ConfigureServices(IServiceCollection services)
    {
        if (Time is not null)
        {
            services.AddSingleton(Time);
        }

        services.AddHttpClient(DataverseServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Dataverse.Handler);
    }

    public ServiceProvider BuildServices() => InProcessAgent.BuildServices(Configuration(), ConfigureServices);

    /// <summary>Starts the web app on a free loopback port; returns it and its base address.</summary>
    public Task<(WebApplication App, HttpClient Client)> StartWebAsync() => InProcessAgent.StartWebAsync(Configuration(), ConfigureServices);

    /// <summary>A CLI environment whose configuration is <see cref="Settings"/>.</summary>
    public CliEnvironment Cli(Func<OSPlatform>? platform = null) => InProcessAgent.Cli(Configuration, ConfigureServices, platform ?? (() => OSPlatform.Linux));

    public ValueTask DisposeAsync() => Marketo.DisposeAsync();
}
