using CrmSync.SyncAgent.Cli;
using CrmSync.SyncAgent.Cluster;
using CrmSync.SyncAgent.Tests.Ops;

namespace CrmSync.SyncAgent.Tests.Postgres;

/// <summary><c>crmsync status</c> on a PostgreSQL state lists each pair's lease: holder, epoch, expiry.</summary>
[Collection(PostgresCollection.Name)]
public sealed class StatusLeaseTests(PostgresFixture postgres)
{
    [PostgresFact]
    public async Task Status_PostgresWithLeases_ShowsHolderAndEpochPerPair()
    {
        var database = await postgres.Cluster.CreateDatabaseAsync("status");
        await using (var leases = new PostgresLeaseStore(database))
        {
            await leases.InitializeAsync();
            await leases.TryAcquireAsync("emea", "agent-7", TimeSpan.FromMinutes(1));
            var epoch = await leases.TryAcquireAsync("apac", "agent-8", TimeSpan.FromMinutes(1));
            await leases.ReleaseAsync("apac", "agent-8", epoch!.Value);
        }

        await using var host = await OpsTestHost.StartAsync();
        host.Settings["CrmSync:State:Provider"] = "postgres";
        host.Settings["CrmSync:State:ConnectionString"] = database;

        var (exitCode, output, error) = await CliRun.RunAsync(host.Cli(), "status");

        Assert.True(exitCode == ExitCodes.Success, error);
        Assert.Contains("Pairs (leases)", output, StringComparison.Ordinal);
        Assert.Matches(@"emea\s+holder agent-7\s+epoch\s+1", output);
        Assert.Matches(@"apac\s+holder \(released\)\s+epoch\s+1", output);
    }
}
