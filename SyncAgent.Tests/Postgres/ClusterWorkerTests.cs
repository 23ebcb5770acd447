using CrmSync.SyncAgent.Cluster;
using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.State.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Tests.Postgres;

/// <summary>
/// Agents sharing a PostgreSQL state spread the pairs by lease (DESIGN B21). The pairs' clouds are unreachable here, so
/// cycles fail fast: what is asserted is who holds which lease, in which epoch.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterWorkerTests(PostgresFixture postgres)
{
    private static readonly string[] Pairs = ["p1", "p2", "p3", "p4"];

    [PostgresFact]
    public async Task Run_ThreeAgentsFourPairs_EveryPairHeldAndNoAgentAboveItsShare()
    {
        var database = await postgres.Cluster.CreateDatabaseAsync("cluster");
        var agents = Enumerable.Range(1, 3).Select(i => Agent(database, $"agent-{i}")).ToList();
        await using var leases = new PostgresLeaseStore(database);
        await leases.InitializeAsync();
        try
        {
            foreach (var agent in agents)
            {
                await agent.StartAsync(CancellationToken.None);
            }

            var spread = await WaitForAsync(leases, rows => rows.Count == 4 && rows.All(r => r.Holder is not null) && rows.GroupBy(r => r.Holder).All(g => g.Count() <= 2));

            Assert.Equal(Pairs, spread.Select(r => r.Pair));
            Assert.All(spread.GroupBy(r => r.Holder), g => Assert.True(g.Count() <= 2, $"{g.Key} holds {g.Count()} of 4 pairs with 3 agents"));

            // A graceful stop releases at once; the other agents take the pairs over in a later epoch.
            var leaving = agents.First(a => spread.Any(r => r.Holder == a.Holder));
            var released = spread.Where(r => r.Holder == leaving.Holder).ToList();
            await leaving.StopAsync(CancellationToken.None);
            // Under load a heartbeat can lag past the short test lease, so one agent may briefly count itself alone and take
            // more than its share; it gives the extra pairs back at its next poll. Wait for the healthy state, then assert it.
            var after = await WaitForAsync(leases, rows => released.All(p => rows.Single(r => r.Pair == p.Pair) is { Holder: { } h } row && h != leaving.Holder && row.Epoch > p.Epoch)
                && rows.GroupBy(r => r.Holder).All(g => g.Count() <= 2));

            Assert.All(after, r => Assert.NotEqual(leaving.Holder, r.Holder));
            Assert.All(after.GroupBy(r => r.Holder), g => Assert.True(g.Count() <= 2, $"{g.Key} holds {g.Count()} of 4 pairs with 2 agents"));
        }
        finally
        {
            foreach (var agent in agents)
            {
                await agent.StopAsync(CancellationToken.None);
                agent.Dispose();
            }
        }
    }

    private static async Task<IReadOnlyList<LeaseInfo>> WaitForAsync(PostgresLeaseStore leases, Func<IReadOnlyList<LeaseInfo>, bool> done)
    {
        IReadOnlyList<LeaseInfo> rows = [];
        for (var attempt = 0; attempt < 120; attempt++)
        {
            rows = await leases.ListAsync();
            if (done(rows))
            {
                return rows;
            }

            await Task.Delay(250);
        }

        Assert.Fail("Leases never reached the expected state: " + string.Join("; ", rows.Select(r => $"{r.Pair}={r.Holder}@{r.Epoch}")));
        return rows;
    }

    private static ClusterWorker Agent(string database, string holder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["CrmSync:State:Provider"] = "postgres",
            ["CrmSync:State:ConnectionString"] = database,
            ["CrmSync:Cluster:LeaseDuration"] = "00:00:02",
            ["CrmSync:Cluster:PollInterval"] = "00:00:00.250",
            ["CrmSync:Cluster:HolderId"] = holder,
        };
        foreach (var pair in Pairs)
        {
            // Nothing listens on port 9: every cycle fails at once and the loop waits its interval.
            settings[$"CrmSync:Pairs:{pair}:Dataverse:Url"] = "http://127.0.0.1:9";
            settings[$"CrmSync:Pairs:{pair}:Dataverse:AccessToken"] = "token";
            settings[$"CrmSync:Pairs:{pair}:Dataverse:MaxRetryAttempts"] = "0";
            settings[$"CrmSync:Pairs:{pair}:Marketo:BaseUrl"] = "http://127.0.0.1:9";
            settings[$"CrmSync:Pairs:{pair}:Marketo:ClientId"] = "id";
            settings[$"CrmSync:Pairs:{pair}:Marketo:ClientSecret"] = "secret";
            settings[$"CrmSync:Pairs:{pair}:Marketo:MaxTransientRetries"] = "0";
            settings[$"CrmSync:Pairs:{pair}:Sync:Interval"] = "00:00:05";
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var root = new CrmSyncOptions();
        configuration.GetSection("CrmSync").Bind(root);
        return new ClusterWorker(configuration, Options.Create(root), TimeProvider.System, NullLoggerFactory.Instance, new ClusterServices(null), new PairFences(holder));
    }
}
