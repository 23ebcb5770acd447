using CrmSync.DataverseEmulator;
using CrmSync.MarketoEmulator;

namespace CrmSync.Demo;

/// <summary>
/// Both emulators in-process on loopback with the packed managed solution imported, as the demo (tools/Demo) runs them:
/// the same Web API and REST surfaces the agent uses against the real services.
/// </summary>
internal sealed class DemoEnvironment : IAsyncDisposable
{
    private DemoEnvironment(DataverseEmulator.DataverseEmulator dataverse, MarketoEmulator.MarketoEmulator marketo, string solutionPath)
    {
        Dataverse = dataverse;
        Marketo = marketo;
        SolutionPath = solutionPath;
    }

    public DataverseEmulator.DataverseEmulator Dataverse { get; }

    public MarketoEmulator.MarketoEmulator Marketo { get; }

    public string SolutionPath { get; }

    /// <summary>The agent configuration that points at the emulators (sync user's token, the demo Marketo client).</summary>
    public Dictionary<string, string?> AgentSettings(string stateConnectionString) =>
        AgentSettings(Dataverse.BaseUrl, Dataverse.Admin.IssueToken(Dataverse.Admin.SyncUser.Id), Marketo.BaseUrl, stateConnectionString);

    /// <summary>The agent configuration for emulators that run elsewhere (e.g. in another process): their addresses and the Dataverse token.</summary>
    public static Dictionary<string, string?> AgentSettings(string dataverseUrl, string dataverseToken, string marketoUrl, string stateConnectionString) => new()
    {
        ["CrmSync:Dataverse:Url"] = dataverseUrl,
        ["CrmSync:Dataverse:AccessToken"] = dataverseToken,
        ["CrmSync:Marketo:BaseUrl"] = marketoUrl,
        ["CrmSync:Marketo:ClientId"] = MarketoEmulatorOptions.DefaultClientId,
        ["CrmSync:Marketo:ClientSecret"] = MarketoEmulatorOptions.DefaultClientSecret,
        ["CrmSync:State:ConnectionString"] = stateConnectionString,
    };

    /// <summary>
    /// Starts both emulators and imports the managed solution found beside the agent (or in the repo's artifacts). The
    /// plug-in steps are as the import leaves them (no sync user yet): the scenario configures them as an admin does.
    /// </summary>
    /// <param name="configureMarketo">Changes the Marketo emulator's options before it starts (e.g. its clock); the defaults otherwise.</param>
    /// <param name="configureDataverse">Changes the Dataverse emulator's options before it starts (e.g. its clock or id seed).</param>
    public static async Task<DemoEnvironment> StartAsync(CancellationToken cancellationToken, Action<MarketoEmulatorOptions>? configureMarketo = null,
        Action<DataverseEmulatorOptions>? configureDataverse = null)
    {
        var solution = PackedSolution.Find();
        var dataverseOptions = new DataverseEmulatorOptions { SolutionPath = solution };
        configureDataverse?.Invoke(dataverseOptions);
        var dataverse = await DataverseEmulator.DataverseEmulator.StartAsync(dataverseOptions, cancellationToken).ConfigureAwait(false);
        var marketoOptions = new MarketoEmulatorOptions();
        configureMarketo?.Invoke(marketoOptions);
        var marketo = await MarketoEmulator.MarketoEmulator.StartAsync(marketoOptions, cancellationToken).ConfigureAwait(false);
        return new DemoEnvironment(dataverse, marketo, solution);
    }

    public async ValueTask DisposeAsync()
    {
        await Dataverse.DisposeAsync().ConfigureAwait(false);
        await Marketo.DisposeAsync().ConfigureAwait(false);
    }
}
