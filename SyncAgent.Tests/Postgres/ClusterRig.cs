using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CrmSync.SyncAgent.State.Postgres;
using CrmSync.SyncAgent.Tests.EndToEnd;
using CrmSync.SyncAgent.Tests.Reliability;
using Npgsql;

namespace CrmSync.SyncAgent.Tests.Postgres;

/// <summary>
/// Several real <c>crmsync run</c> processes sharing one PostgreSQL state (DESIGN B21): a throw-away cluster of its own,
/// one emulator pair per pair (a <see cref="SyncHarness"/> whose state is the pair's PostgreSQL schema; its plug-in steps
/// are configured), and agents started from the test's output folder with every pair configured and short leases.
/// Each start of an agent has its own holder id (<c>a&lt;n&gt;-&lt;start&gt;</c>), so the lease record names the process.
/// </summary>
internal sealed class ClusterRig : IAsyncDisposable
{
    /// <summary>The lease duration of the agents: short, so takeovers happen within the test's bounds.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(3);

    private readonly PostgresCluster cluster;
    private readonly string folder;
    private readonly Dictionary<string, string?> settings;
    private readonly List<AgentProcess> ended = [];
    private readonly int[] starts;

    private ClusterRig(PostgresCluster cluster, string database, IReadOnlyDictionary<string, SyncHarness> pairs, Dictionary<string, string?> settings, int agents)
    {
        this.cluster = cluster;
        Database = database;
        Pairs = pairs;
        this.settings = settings;
        folder = Directory.CreateTempSubdirectory("crmsync-cluster-").FullName;
        Agents = new AgentProcess?[agents];
        Holders = new string[agents];
        Urls = new Uri[agents];
        starts = new int[agents];
    }

    /// <summary>The state database's connection string.</summary>
    public string Database { get; }

    /// <summary>The cluster, for stopping and starting the server.</summary>
    public PostgresCluster Server => cluster;

    /// <summary>The emulator pair of every pair, by pair name.</summary>
    public IReadOnlyDictionary<string, SyncHarness> Pairs { get; }

    /// <summary>The running agent processes, by agent number (null when stopped).</summary>
    public AgentProcess?[] Agents { get; }

    /// <summary>The holder id of each agent's current start.</summary>
    public string[] Holders { get; }

    /// <summary>The web address (webhook, status page) of each agent's current start.</summary>
    public Uri[] Urls { get; }

    /// <summary>Starts the cluster and one emulator pair per name in <paramref name="pairNames"/>; no agent runs yet.</summary>
    public static async Task<ClusterRig> StartAsync(IReadOnlyList<string> pairNames, int agents, Action<Dictionary<string, string?>>? configure = null)
    {
        var cluster = await PostgresCluster.StartAsync();
        var database = await cluster.CreateDatabaseAsync("agents");

        // The cluster schema as the first agent creates it, so the test can read the leases before any agent ran.
        await using (var leases = new Cluster.PostgresLeaseStore(database))
        {
            await leases.InitializeAsync();
        }

        var pairs = new Dictionary<string, SyncHarness>(StringComparer.Ordinal);
        var settings = new Dictionary<string, string?>
        {
            ["CrmSync:State:Provider"] = "postgres",
            ["CrmSync:State:ConnectionString"] = database,
            ["CrmSync:Cluster:LeaseDuration"] = LeaseDuration.ToString("c", CultureInfo.InvariantCulture),
            ["CrmSync:Cluster:PollInterval"] = "00:00:00.500",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:CrmSync.SyncAgent.Cluster"] = "Information",
            ["Logging:LogLevel:CrmSync.SyncAgent.Cycle.SyncCycle"] = "Information",
        };
        foreach (var pair in pairNames)
        {
            var harness = await SyncHarness.StartAsync(decorateState: _ => new PostgresStateStore(database, TimeProvider.System, pair));
            pairs[pair] = harness;
            foreach (var (key, value) in harness.Settings.Where(s => s.Key.StartsWith("CrmSync:Dataverse:", StringComparison.Ordinal) || s.Key.StartsWith("CrmSync:Marketo:", StringComparison.Ordinal)))
            {
                settings[$"CrmSync:Pairs:{pair}:{key["CrmSync:".Length..]}"] = value;

                // The top level validates on its own (it is every pair's base): the first pair's clouds.
                settings.TryAdd(key, value);
            }

            settings[$"CrmSync:Pairs:{pair}:Sync:Interval"] = "00:00:05";
        }

        configure?.Invoke(settings);
        return new ClusterRig(cluster, database, pairs, settings, agents);
    }

    /// <summary>Starts agent <paramref name="agent"/> (again) with a new holder id.</summary>
    public void Start(int agent)
    {
        var holder = string.Create(CultureInfo.InvariantCulture, $"a{agent}-{starts[agent]++}");
        var own = new Dictionary<string, string?>(settings)
        {
            ["CrmSync:Cluster:HolderId"] = holder,
            ["CrmSync:Http:Urls"] = $"http://127.0.0.1:{FreePort()}",
        };
        Urls[agent] = new Uri(own["CrmSync:Http:Urls"]!);
        Holders[agent] = holder;
        Agents[agent] = AgentProcess.Start(folder, own, "run");
    }

    /// <summary>Runs a <c>crmsync</c> command (not a member of the cluster) with the agents' configuration; its exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> RunCliAsync(params string[] arguments)
    {
        using var process = AgentProcess.Start(folder, settings, arguments);
        var exitCode = await process.WaitAsync(TimeSpan.FromSeconds(90));
        return (exitCode, process.Output);
    }

    /// <summary>
    /// Waits (bounded) until agent <paramref name="agent"/>'s web side answers: its pairs' loops start before Kestrel
    /// listens, so a held lease or a completed cycle does not mean the webhook and status page are up.
    /// </summary>
    public async Task<bool> WaitListeningAsync(int agent, TimeSpan limit)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return await WaitForAsync(async () =>
        {
            try
            {
                using var response = await http.GetAsync(new Uri(Urls[agent], "/healthz"));
                return true;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }, limit);
    }

    /// <summary>SIGKILLs agent <paramref name="agent"/>.</summary>
    public async Task KillAsync(int agent)
    {
        var process = Agents[agent] ?? throw new InvalidOperationException($"Agent {agent} is not running.");
        await process.KillAsync();
        ended.Add(process);
        Agents[agent] = null;
    }

    /// <summary>Every agent's output, the ended starts' included, for failure messages.</summary>
    public string Output() =>
        string.Join("\n", ended.Concat(Agents.OfType<AgentProcess>()).Select((a, i) => $"--- agent process {i} ---\n{a.Output}"));

    /// <summary>The lease rows: pair → (holder, epoch, expired by the database's clock).</summary>
    public async Task<Dictionary<string, (string? Holder, long Epoch, bool Expired)>> LeasesAsync()
    {
        var rows = await QueryAsync(
            "SELECT pair, holder, epoch, expires_on < clock_timestamp() FROM crmsync_cluster.leases",
            r => (Pair: r.GetString(0), Holder: r.IsDBNull(1) ? null : r.GetString(1), Epoch: r.GetInt64(2), Expired: r.GetBoolean(3)));
        return rows.ToDictionary(r => r.Pair, r => (r.Holder, r.Epoch, r.Expired), StringComparer.Ordinal);
    }

    /// <summary>Runs a query on the state database and reads every row with <paramref name="read"/>.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>Polls <paramref name="done"/> every half second for at most <paramref name="limit"/>; false when it never held.</summary>
    public static async Task<bool> WaitForAsync(Func<Task<bool>> done, TimeSpan limit)
    {
        for (var waited = TimeSpan.Zero; waited < limit; waited += TimeSpan.FromMilliseconds(500))
        {
            if (await done())
            {
                return true;
            }

            await Task.Delay(500);
        }

        return await done();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var agent in Agents.OfType<AgentProcess>().Concat(ended))
        {
            agent.Dispose();
        }

        foreach (var pair in Pairs.Values)
        {
            await pair.DisposeAsync();
        }

        await cluster.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
