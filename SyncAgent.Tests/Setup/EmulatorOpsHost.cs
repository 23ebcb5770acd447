using CrmSync.Demo;
using CrmSync.SyncAgent.Cli;
using CrmSync.SyncAgent.Tests.EndToEnd;
using CrmSync.SyncAgent.Tests.Ops;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.SyncAgent.Tests.Setup;

/// <summary>
/// Both emulators in-process on loopback with the packed managed solution freshly imported (steps still carry the
/// zero sync user), and <c>crmsync</c> commands run in-process against them with the sync user's token, the
/// emulator's Marketo client and a SQLite state file shared by every command.
/// </summary>
internal sealed class EmulatorOpsHost : IAsyncDisposable
{
    private readonly DemoEnvironment _environment;
    private readonly TemporaryStateFolder _stateFolder;

    private EmulatorOpsHost(DemoEnvironment environment, TemporaryStateFolder stateFolder)
    {
        _environment = environment;
        _stateFolder = stateFolder;
        Settings = environment.AgentSettings(stateFolder.ConnectionString());
        Settings["CrmSync:Dataverse:RetryBaseDelay"] = "00:00:00.050";
        Settings["CrmSync:Webhook:Secret"] = OpsTestHost.WebhookSecret;
        // The longest answer budget, so a loaded machine does not turn a call into a 202; tests of the budget set it
        // (WebhookLoadTests, AcceptedRequestTests, on a fake clock).
        Settings["CrmSync:Webhook:AnswerWithin"] = "00:00:20";
        Settings["CrmSync:Http:Urls"] = "http://127.0.0.1:0";
    }

    public DataverseEmulator.DataverseEmulator Dataverse => _environment.Dataverse;

    public MarketoEmulator.MarketoEmulator Marketo => _environment.Marketo;

    /// <summary>The agent configuration; change it before running a command.</summary>
    public Dictionary<string, string?> Settings { get; }

    public Guid SyncUserId => Dataverse.Admin.SyncUser.Id;

    public static async Task<EmulatorOpsHost> StartAsync(
        Action<DataverseEmulator.DataverseEmulatorOptions>? configureDataverse = null, Action<MarketoEmulator.MarketoEmulatorOptions>? configureMarketo = null)
    {
        var environment = await DemoEnvironment.StartAsync(CancellationToken.None, configureMarketo, configureDataverse);
        return new EmulatorOpsHost(environment, TemporaryStateFolder.Create("crmsync-ops-"));
    }

    public IConfiguration Configuration() => new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();

    /// <summary>Runs <c>crmsync</c> with <paramref name="args"/> against the emulators.</summary>
    public Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) =>
        CliRun.RunAsync(InProcessAgent.Cli(Configuration, platform: () => OSPlatform.Linux), args);

    /// <summary>The agent's services composed as in production, for asserting on what a command saw.</summary>
    public ServiceProvider BuildServices(Action<IServiceCollection>? configureServices = null) => InProcessAgent.BuildServices(Configuration(), configureServices);

    /// <summary>Starts the agent's web app (what <c>crmsync run</c> serves) on a free loopback port.</summary>
    public Task<(WebApplication App, HttpClient Client)> StartWebAsync() => InProcessAgent.StartWebAsync(Configuration());

    /// <summary>The registered plug-in steps as stored rows, keyed "entity Message" (e.g. "contact Update").</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, object?>> Steps() =>
        Dataverse.Admin.GetRecords("sdkmessageprocessingstep").ToDictionary(StepKey, r => r);

    /// <summary>The attributes of the image registered on a step.</summary>
    public string? ImageAttributes(IReadOnlyDictionary<string, object?> step) =>
        Dataverse.Admin.GetRecords("sdkmessageprocessingstepimage", i => i["sdkmessageprocessingstepid"] is Microsoft.Xrm.Sdk.EntityReference r
            && r.Id == (Guid)step["sdkmessageprocessingstepid"]!).Select(i => (string?)i["attributes"]).SingleOrDefault();

    public async ValueTask DisposeAsync()
    {
        await _environment.DisposeAsync();
        _stateFolder.Dispose();
    }

    // Step names are "CrmSync.Plugins.SyncEventPlugin: <Message> of <entity>".
    private static string StepKey(IReadOnlyDictionary<string, object?> step)
    {
        var words = ((string)step["name"]!).Split(' ');
        return $"{words[^1]} {words[^3]}";
    }
}
