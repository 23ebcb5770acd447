using CrmSync.DataverseEmulator.Admin;
using CrmSync.SyncAgent.Tests.Dataverse;
using Xunit.Abstractions;

namespace CrmSync.SyncAgent.Tests.Postgres;

/// <summary>
/// Issue 16 scenario 3 through the cluster worker (DESIGN B21): two real <c>crmsync run</c> processes; PostgreSQL is
/// stopped while the pair's holder is inside a cycle (held in a Dataverse call). The cycle fails with a logged reason and
/// commits nothing; the server starts again; both processes are still running, reconnect, and the next cycle carries the
/// change; a later change arrives too, every value once. (<see cref="PostgresRestartTests"/> covers the cycle itself.)
/// </summary>
[Trait("Category", "Cluster")]
public sealed class ClusterRestartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [PostgresFact]
    public async Task Run_PostgresRestartedDuringACycle_CycleFailsCleanlyAgentsReconnectAndTheNextCycleCompletes()
    {
        await using var rig = await ClusterRig.StartAsync(["p1"], agents: 2);
        var sut = rig.Pairs["p1"];
        var contact = sut.CreateAsMaker("contact", ("lastname", "Restart"), ("emailaddress1", "restart@example.com"), ("telephone1", "000"));
        rig.Start(0);
        rig.Start(1);
        Assert.True(await ClusterRig.WaitForAsync(async () => await sut.State.CountLinksAsync() == 1 && sut.StagingRowCount == 0, Bound), rig.Output());
        var person = await sut.LinkedPersonAsync("contact", contact);
        var holder = Array.IndexOf(rig.Holders, (await rig.LeasesAsync())["p1"].Holder);
        Assert.True(holder >= 0, rig.Output());

        var hold = HeldDataverseRequest.First(sut.Dataverse.Admin);
        sut.UpdateAsMaker("contact", contact, ("telephone1", "111"));
        await hold.Entered.WaitAsync(Bound);
        await rig.Server.StopServerAsync();
        sut.Dataverse.Admin.Faults = new FaultSettings();
        hold.Release();

        var failed = await ClusterRig.WaitForAsync(() => Task.FromResult(rig.Agents[holder]!.Output.Contains("Pair p1: cycle failed:", StringComparison.Ordinal)), Bound);
        Assert.True(failed, rig.Output());
        Assert.Equal("000", sut.MarketoValue(person, "phone"));
        Assert.Equal(1, sut.StagingRowCount);

        await rig.Server.StartServerAsync();
        Npgsql.NpgsqlConnection.ClearAllPools(); // the test's own reads; the agents reconnect by themselves
        Assert.True(await ClusterRig.WaitForAsync(() => Task.FromResult(Equals(sut.MarketoValue(person, "phone"), "111") && sut.StagingRowCount == 0), Bound), rig.Output());
        sut.UpdateAsMaker("contact", contact, ("telephone1", "222"));
        Assert.True(await ClusterRig.WaitForAsync(() => Task.FromResult(Equals(sut.MarketoValue(person, "phone"), "222") && sut.StagingRowCount == 0), Bound), rig.Output());
        output.WriteLine(rig.Output());

        Assert.All(rig.Agents, a => Assert.False(a!.HasExited, rig.Output()));
        Assert.Equal(["restart@example.com"], sut.Marketo.Admin.GetPersons().Select(p => p.Email));
        Assert.Equal(1, sut.Dataverse.Admin.Count("contact"));
        // Read on a fresh connection: the harness's own pool still holds sessions the restart ended.
        Assert.Equal([1L], await rig.QueryAsync("SELECT COUNT(*) FROM crmsync_p1.links", r => r.GetInt64(0)));
        var record = await rig.QueryAsync(
            "SELECT c.epoch, c.holder, g.holder FROM crmsync_cluster.commits c LEFT JOIN crmsync_cluster.lease_grants g USING (pair, epoch)",
            r => (Epoch: r.GetInt64(0), Holder: r.GetString(1), Granted: r.IsDBNull(2) ? null : r.GetString(2)));
        Assert.All(record.GroupBy(c => c.Epoch), g => Assert.Single(g));
        Assert.All(record, c => Assert.Equal(c.Granted, c.Holder));
    }
}
