using CrmSync.Demo;
using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Dataverse.Metadata;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Hosting;
using CrmSync.SyncAgent.Marketo;
using CrmSync.SyncAgent.Setup;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.State.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.SyncAgent.Tests.EndToEnd;

/// <summary>
/// Both emulators on loopback, the packed managed solution imported (so the real net462 plug-in stages the changes),
/// and the agent's real services wired against them with a SQLite state file.
/// </summary>
internal sealed class SyncHarness : IAsyncDisposable
{
    private readonly DemoEnvironment _environment;
    private readonly TemporaryStateFolder _stateFolder;
    private TimeProvider? _time;
    private Dictionary<string, string?> _settings;

    private SyncHarness(DemoEnvironment environment, Dictionary<string, string?> settings, ServiceProvider services, TemporaryStateFolder stateFolder)
    {
        _environment = environment;
        _settings = settings;
        Services = services;
        _stateFolder = stateFolder;
    }

    public DataverseEmulator.DataverseEmulator Dataverse => _environment.Dataverse;

    public MarketoEmulator.MarketoEmulator Marketo => _environment.Marketo;

    public ServiceProvider Services { get; private set; }

    /// <summary>A copy of the agent configuration the current services were built from (e.g. for running <c>crmsync</c> commands).</summary>
    public Dictionary<string, string?> Settings => new(_settings);

    public SyncCycle Cycle => Services.GetRequiredService<SyncCycle>();

    public StateStore State => Services.GetRequiredService<StateStore>();

    public DataverseClient DataverseClient => Services.GetRequiredService<DataverseClient>();

    public Guid SyncUserId => Dataverse.Admin.SyncUser.Id;

    /// <param name="time">The clock of the Marketo emulator and the agent (e.g. a FakeTimeProvider both share); the system clock by default.</param>
    /// <param name="configureDataverse">Changes the Dataverse emulator's options (e.g. its own clock, its id seed).</param>
    /// <param name="configureMarketo">Changes the Marketo emulator's options (e.g. custom fields).</param>
    public static async Task<SyncHarness> StartAsync(
        Action<Dictionary<string, string?>>? configure = null, Func<StateStore, StateStore>? decorateState = null,
        TimeProvider? time = null, Action<DataverseEmulator.DataverseEmulatorOptions>? configureDataverse = null,
        Action<MarketoEmulator.MarketoEmulatorOptions>? configureMarketo = null)
    {
        var environment = await DemoEnvironment.StartAsync(
            CancellationToken.None,
            marketo =>
            {
                marketo.TimeProvider = time ?? TimeProvider.System;
                configureMarketo?.Invoke(marketo);
            },
            configureDataverse);
        var stateFolder = TemporaryStateFolder.Create("crmsync-e2e-");
        var settings = environment.AgentSettings(stateFolder.ConnectionString());
        settings["CrmSync:Dataverse:RetryBaseDelay"] = "00:00:00.050";
        settings["CrmSync:Marketo:TransientRetryDelay"] = "00:00:00.050";
        configure?.Invoke(settings);
        var harness = new SyncHarness(environment, settings, BuildServices(settings, decorateState, time), stateFolder) { _time = time };
        await harness.State.InitializeAsync();
        await harness.ConfigurePluginStepsAsync();

        return harness;
    }

    /// <summary>Builds a fresh set of agent services over the same state file: what a restarted agent process has.</summary>
    public async Task RestartAgentAsync(Action<Dictionary<string, string?>>? configure = null)
    {
        var settings = Settings;
        configure?.Invoke(settings);
        await Services.DisposeAsync();
        Services = BuildServices(settings, null, _time);
        _settings = settings;
        await State.InitializeAsync();
    }

    public Task<CycleReport> RunCycleAsync() => Cycle.RunAsync(null, CancellationToken.None);

    public Guid CreateAsMaker(string table, params (string Column, object? Value)[] values) =>
        Dataverse.Admin.CreateRecord(table, values.ToDictionary(v => v.Column, v => v.Value));

    public void UpdateAsMaker(string table, Guid id, params (string Column, object? Value)[] values) =>
        Dataverse.Admin.UpdateRecord(table, id, values.ToDictionary(v => v.Column, v => v.Value));

    /// <summary>
    /// Merges <paramref name="subordinate"/> into <paramref name="master"/> as a maker does, through the Web API action
    /// <c>POST Merge</c> (Target, Subordinate, UpdateContent, PerformParentingChecks); throws when it is refused.
    /// </summary>
    public async Task MergeAsMakerAsync(string table, Guid master, Guid subordinate, object? updateContent = null)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer", Dataverse.Admin.IssueToken(Dataverse.Admin.MakerUser.Id));
        var type = "Microsoft.Dynamics.CRM." + table;
        var content = new Dictionary<string, object?> { ["@odata.type"] = type };
        if (updateContent is not null)
        {
            foreach (var property in System.Text.Json.JsonSerializer.SerializeToElement(updateContent).EnumerateObject())
            {
                content[property.Name] = property.Value;
            }
        }

        var body = new Dictionary<string, object?>
        {
            ["Target"] = new Dictionary<string, object?> { ["@odata.type"] = type, [table + "id"] = master },
            ["Subordinate"] = new Dictionary<string, object?> { ["@odata.type"] = type, [table + "id"] = subordinate },
            ["UpdateContent"] = content,
            ["PerformParentingChecks"] = false,
        };
        using var response = await http.PostAsync(new Uri(Dataverse.ApiUrl, "Merge"), System.Net.Http.Json.JsonContent.Create(body));
        Xunit.Assert.True(response.StatusCode == System.Net.HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
    }

    public object? DynamicsValue(string table, Guid id, string column) =>
        Dataverse.Admin.GetRecord(table, id) is { } record && record.TryGetValue(column, out var value) ? value : null;

    public object? MarketoValue(long personId, string field) => Marketo.Admin.GetPerson((int)personId)?[field];

    public async Task<long> LinkedPersonAsync(string entity, Guid id) =>
        (await State.FindLinkAsync(new RecordKey(SyncEntityNames.Parse(entity), id)))?.MarketoId
        ?? throw new Xunit.Sdk.XunitException($"{entity} {id} is not linked.");

    /// <summary>The <c>crmsync_syncresult</c> activities regarding a Dynamics record.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> SyncResultsRegarding(Guid recordId) =>
        Dataverse.Admin.GetRecords("crmsync_syncresult", r => r.TryGetValue("regardingobjectid", out var regarding)
            && regarding is Microsoft.Xrm.Sdk.EntityReference reference && reference.Id == recordId);

    /// <summary>The CrmSync sync-result custom activities in a Marketo person's activity log.</summary>
    public IReadOnlyList<MarketoEmulator.Activities.MarketoActivity> SyncResultActivitiesOf(long personId)
    {
        var type = Marketo.Admin.GetCustomActivityTypes().SingleOrDefault(t => t.ApiName == SyncResultActivityType.ApiName);
        return type is null ? [] : Marketo.Admin.GetActivities((int)personId, type.Id);
    }

    /// <summary>Staging rows not yet drained.</summary>
    public int StagingRowCount => Dataverse.Admin.Count("crmsync_syncevent");

    public void EditInMarketo(long personId, params (string Field, object? Value)[] changes) =>
        Marketo.Admin.EditPerson((int)personId, changes.ToDictionary(c => c.Field, c => c.Value));

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await _environment.DisposeAsync();
        _stateFolder.Dispose();
    }

    /// <summary>Configures the plug-in steps for the sync user and the mapping with the product code path (<c>crmsync fields --apply</c>).</summary>
    private async Task ConfigurePluginStepsAsync()
    {
        var steps = new PluginStepConfigurator(DataverseClient, Services.GetRequiredService<FieldMapping>(), new SyncUserAccess(DataverseClient, TimeProvider.System),
            Services.GetRequiredService<ObjectMappings>());
        var updated = await steps.ApplyAsync(await steps.GetTargetAsync(CancellationToken.None), CancellationToken.None);
        // Lead and contact: 8 steps (Create, Update, Delete, Merge); each enabled one-way kind adds its table's 3, and a Merge where Dynamics merges it (accounts).
        var kinds = Services.GetRequiredService<ObjectMappings>().Mappings;
        Xunit.Assert.Equal(8 + (3 * kinds.Count) + kinds.Count(m => m.Kind.Merges), updated.Count);
    }

    private static ServiceProvider BuildServices(Dictionary<string, string?> settings, Func<StateStore, StateStore>? decorateState, TimeProvider? time)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton<StateStore>(sp =>
        {
            var store = new SqliteStateStore(settings["CrmSync:State:ConnectionString"]!, TimeProvider.System);
            return decorateState is null ? store : decorateState(store);
        });

        // The product's composition root; the clock and the (decorated) state store above take precedence.
        services.AddCrmSyncAgent(configuration);
        return services.BuildServiceProvider();
    }
}
