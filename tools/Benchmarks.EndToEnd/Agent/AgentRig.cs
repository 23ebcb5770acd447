using System.Globalization;
using CrmSync.Benchmarks.EndToEnd.Emulators;
using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.Demo;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Hosting;
using CrmSync.SyncAgent.Marketo;
using CrmSync.SyncAgent.RealTime;
using CrmSync.SyncAgent.Setup;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.State.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace CrmSync.Benchmarks.EndToEnd.Agent;

/// <summary>The agent's real services (connectors, SQLite state, cycle) wired against the emulator process, with default settings.</summary>
internal sealed class AgentRig : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly TemporaryStateFolder _stateFolder;

    private AgentRig(ServiceProvider services, TemporaryStateFolder stateFolder, WireRecorder wire)
    {
        _services = services;
        _stateFolder = stateFolder;
        Wire = wire;
    }

    public SyncCycle Cycle => _services.GetRequiredService<SyncCycle>();

    /// <summary>This rig's own state database (another agent process can run on it).</summary>
    public string StateConnectionString => _stateFolder.ConnectionString();

    /// <summary>The agent's Dataverse pacer (one per agent: the client is a singleton).</summary>
    public CrmSync.SyncAgent.Dataverse.Pacing.AdaptiveRequestGate DataversePacing => _services.GetRequiredService<CrmSync.SyncAgent.Dataverse.DataverseClient>().Pacing;

    public StateStore State => _services.GetRequiredService<StateStore>();

    /// <summary>The real-time "sync person to Dynamics" service (what the CLI and the webhook call).</summary>
    public PersonSyncService PersonSync => _services.GetRequiredService<PersonSyncService>();

    /// <summary>Bodies the agent sent and received while enabled (the CPU reference of a cycle).</summary>
    public WireRecorder Wire { get; }

    public static Task<AgentRig> StartAsync(EmulatorReady emulators, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var stateFolder = TemporaryStateFolder.Create("crmsync-bench-");
        var settings = DemoEnvironment.AgentSettings(emulators.DataverseUrl, emulators.DataverseToken, emulators.MarketoUrl, stateFolder.ConnectionString());
        if (Paths.MemoryOnlyRateWindow is { } window)
        {
            settings["CrmSync:Marketo:RateWindow"] = window.ToString("c", CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddCrmSyncAgent(configuration); // the product's own composition root
        var wire = new WireRecorder();
        services.ConfigureAll<HttpClientFactoryOptions>(o => o.HttpMessageHandlerBuilderActions.Add(b => b.AdditionalHandlers.Add(wire.CreateHandler())));
        var rig = new AgentRig(services.BuildServiceProvider(), stateFolder, wire);
        _ = rig.State; // creates and migrates the state database now, not inside the first measured cycle
        return Task.FromResult(rig);
    }

    public Task<CycleReport> RunCycleAsync() => Cycle.RunAsync(null, CancellationToken.None);

    /// <summary>
    /// The first run's opening steps, as <see cref="SyncCycle"/> takes them: store Marketo's paging token (changes count
    /// from now), then the backfill. Returns the records linked; a following cycle reads the changes since the token.
    /// </summary>
    public async Task<int> RunBackfillAsync()
    {
        var token = await _services.GetRequiredService<MarketoClient>().GetPagingTokenAsync(TimeProvider.System.GetUtcNow(), CancellationToken.None);
        await using (var transaction = await State.BeginAsync())
        {
            await transaction.SetCursorAsync(CursorNames.MarketoPagingToken, token);
            await transaction.CommitAsync();
        }

        return (await _services.GetRequiredService<Backfill>().RunAsync(null, CancellationToken.None)).Linked;
    }

    /// <summary>
    /// Records the pairs the emulator process seeded as linked, with their shadows, and marks the backfill done: the
    /// state a finished first run leaves, without spending API calls on it.
    /// </summary>
    public async Task AdoptLinkedAsync(string pairsFile)
    {
        var links = new List<Link>();
        var shadows = new List<ShadowValue>();
        foreach (var line in File.ReadLines(pairsFile))
        {
            var parts = line.Split(',');
            var index = int.Parse(parts[0], CultureInfo.InvariantCulture);
            var marketoId = long.Parse(parts[2], CultureInfo.InvariantCulture);
            links.Add(new Link(marketoId, new RecordKey(SyncEntity.Contact, Guid.Parse(parts[1]))));
            foreach (var (field, value) in Person.Shadows(index))
            {
                var kind = field == "email" ? FieldKind.Email : FieldKind.Text;
                shadows.Add(new ShadowValue(marketoId, field, FieldValue.FromString(value, kind)));
            }
        }

        File.Delete(pairsFile);
        await using var transaction = await State.BeginAsync();
        await transaction.AddLinksAsync(links);
        await transaction.SetShadowsAsync(shadows);
        await transaction.SetCursorAsync(Backfill.Cursor, Backfill.Done);
        await transaction.CommitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _stateFolder.Dispose();
    }
}
