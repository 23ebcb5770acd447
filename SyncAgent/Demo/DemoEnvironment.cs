using System.Net.Http.Json;
using System.Text.Json;
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

    /// <summary>Starts both emulators and imports the managed solution found beside the agent (or in the repo's artifacts).</summary>
    public static async Task<DemoEnvironment> StartAsync(CancellationToken cancellationToken)
    {
        var solution = FindSolution();
        var dataverse = await DataverseEmulator.DataverseEmulator.StartAsync(new DataverseEmulatorOptions { SolutionPath = solution }, cancellationToken).ConfigureAwait(false);
        var marketo = await MarketoEmulator.MarketoEmulator.StartAsync(new MarketoEmulatorOptions(), cancellationToken).ConfigureAwait(false);
        var environment = new DemoEnvironment(dataverse, marketo, solution);
        await environment.ConfigurePluginStepsAsync(cancellationToken).ConfigureAwait(false);
        return environment;
    }

    /// <summary>Puts the sync user's id into every plug-in step's configuration, so the agent's own writes are not staged.</summary>
    private async Task ConfigurePluginStepsAsync(CancellationToken cancellationToken)
    {
        var syncUser = Dataverse.Admin.SyncUser.Id;
        using var http = new HttpClient { BaseAddress = Dataverse.ApiUrl };
        http.DefaultRequestHeaders.Authorization = new("Bearer", Dataverse.Admin.IssueToken(syncUser));
        using var steps = JsonDocument.Parse(await http.GetStringAsync(new Uri("sdkmessageprocessingsteps?$select=configuration", UriKind.Relative), cancellationToken).ConfigureAwait(false));
        foreach (var step in steps.RootElement.GetProperty("value").EnumerateArray())
        {
            var configuration = step.GetProperty("configuration").GetString()!
                .Replace(Guid.Empty.ToString(), syncUser.ToString(), StringComparison.Ordinal);
            using var patch = new HttpRequestMessage(HttpMethod.Patch, new Uri($"sdkmessageprocessingsteps({step.GetProperty("sdkmessageprocessingstepid").GetString()})", UriKind.Relative))
            {
                Content = JsonContent.Create(new { configuration }),
            };
            patch.Headers.TryAddWithoutValidation("If-Match", "*");
            using var response = await http.SendAsync(patch, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
        }
    }

    private static string FindSolution()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "solution");
        if (Directory.Exists(beside) && Directory.GetFiles(beside, "CrmSync_*_managed.zip") is [var packed, ..])
        {
            return packed;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var artifacts = Path.Combine(directory.FullName, "artifacts", "solution");
            if (Directory.Exists(artifacts) && Directory.GetFiles(artifacts, "CrmSync_*_managed.zip") is [var built, ..])
            {
                return built;
            }
        }

        throw new FileNotFoundException("The managed solution CrmSync_<version>_managed.zip was not found beside crmsync or in artifacts/solution; build it with `dotnet build CrmSync.sln`.");
    }

    public async ValueTask DisposeAsync()
    {
        await Dataverse.DisposeAsync().ConfigureAwait(false);
        await Marketo.DisposeAsync().ConfigureAwait(false);
    }
}
