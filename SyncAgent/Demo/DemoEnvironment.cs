using CrmSync.DataverseEmulator;
using CrmSync.MarketoEmulator;

namespace CrmSync.SyncAgent.Demo;

/// <summary>
/// Both emulators in-process on loopback with the packed managed solution imported, as `crmsync demo` runs them:
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
    public Dictionary<string, string?> AgentSettings(string stateConnectionString) => new()
    {
        ["CrmSync:Dataverse:Url"] = Dataverse.BaseUrl,
        ["CrmSync:Dataverse:AccessToken"] = Dataverse.Admin.IssueToken(Dataverse.Admin.SyncUser.Id),
        ["CrmSync:Marketo:BaseUrl"] = Marketo.BaseUrl,
        ["CrmSync:Marketo:ClientId"] = MarketoEmulatorOptions.DefaultClientId,
        ["CrmSync:Marketo:ClientSecret"] = MarketoEmulatorOptions.DefaultClientSecret,
        ["CrmSync:State:ConnectionString"] = stateConnectionString,
    };

    /// <summary>
    /// Starts both emulators and imports the managed solution found beside the agent (or in the repo's artifacts). The
    /// plug-in steps are as the import leaves them (no sync user yet): the scenario configures them as an admin does.
    /// </summary>
    public static async Task<DemoEnvironment> StartAsync(CancellationToken cancellationToken)
    {
        var solution = PackedSolution.Find();
        var dataverse = await DataverseEmulator.DataverseEmulator.StartAsync(new DataverseEmulatorOptions { SolutionPath = solution }, cancellationToken).ConfigureAwait(false);
        var marketo = await MarketoEmulator.MarketoEmulator.StartAsync(new MarketoEmulatorOptions(), cancellationToken).ConfigureAwait(false);
        return new DemoEnvironment(dataverse, marketo, solution);
    }

    public async ValueTask DisposeAsync()
    {
        await Dataverse.DisposeAsync().ConfigureAwait(false);
        await Marketo.DisposeAsync().ConfigureAwait(false);
    }
}
