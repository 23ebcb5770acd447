using CrmSync.DataverseEmulator.Admin;
using CrmSync.SyncAgent.Tests.Dataverse;
using Xunit.Abstractions;

namespace CrmSync.SyncAgent.Tests.Postgres;

/// <summary>
/// Issue 16 scenario 2 (DESIGN B21): the holder of a pair, a real <c>crmsync run</c> process, is SIGSTOPped inside a cycle
/// (held in a Dataverse call) past its lease. The other agent takes the pair over in the next epoch and completes a
/// cycle; then the first is SIGCONTed. It commits nothing more (the record of fenced commits and its log show it), and
/// both clouds hold the literal end values once.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class ClusterPauseTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [PostgresFact]
    public async Task Run_HolderStoppedMidCyclePastItsLease_TakerCompletesAndTheResumedHolderCommitsNothing()
    {
        await using var rig = await ClusterRig.StartAsync(["p1"], agents: 2);
        var sut = rig.Pairs["p1"];
        var contact = sut.CreateAsMaker("contact", ("lastname", "Paused"), ("emailaddress1", "paused@example.com"), ("telephone1", "000"));
        rig.Start(0);
        Assert.True(await ClusterRig.WaitForAsync(async () => await sut.State.CountLinksAsync() == 1, Bound), rig.Output());
        var person = await sut.LinkedPersonAsync("contact", contact);
        var first = (await rig.LeasesAsync())["p1"];
        Assert.Equal("a0-0", first.Holder);
        rig.Start(1);

        // Hold agent 0's next cycle in its first Dataverse call, and stop the process there.
        var hold = HeldDataverseRequest.First(sut.Dataverse.Admin);
        sut.UpdateAsMaker("contact", contact, ("telephone1", "111"));
        await hold.Entered.WaitAsync(Bound);
        var paused = rig.Agents[0]!;
        paused.Signal("STOP");
        sut.Dataverse.Admin.Faults = new FaultSettings();
        hold.Release();
        var before = await CommitsAsync(rig, "a0-0");

        // Agent 1 takes the pair in the next epoch and completes a cycle carrying the change.
        var taken = await ClusterRig.WaitForAsync(
            async () => (await CommitsAsync(rig, "a1-0")) > 0 && Equals(sut.MarketoValue(person, "phone"), "111") && sut.StagingRowCount == 0, Bound);
        var lease = (await rig.LeasesAsync())["p1"];
        Assert.True(taken, $"No takeover cycle; lease {lease}\n{rig.Output()}");
        Assert.Equal(("a1-0", first.Epoch + 1), (lease.Holder, lease.Epoch));

        // Resume the paused holder: it finds its lease gone and commits nothing; a later change still arrives once.
        paused.Signal("CONT");
        Assert.True(await ClusterRig.WaitForAsync(() => Task.FromResult(Stopped(paused.Output)), Bound), rig.Output());
        output.WriteLine(paused.Output);
        sut.UpdateAsMaker("contact", contact, ("telephone1", "222"));
        Assert.True(await ClusterRig.WaitForAsync(() => Task.FromResult(Equals(sut.MarketoValue(person, "phone"), "222") && sut.StagingRowCount == 0), Bound), rig.Output());

        Assert.Equal(before, await CommitsAsync(rig, "a0-0"));
        Assert.Equal(["paused@example.com"], sut.Marketo.Admin.GetPersons().Select(p => p.Email));
        Assert.Equal(1, sut.Dataverse.Admin.Count("contact"));
        Assert.Equal("222", sut.DynamicsValue("contact", contact, "telephone1"));
        var record = await rig.QueryAsync("SELECT epoch, holder FROM crmsync_cluster.commits WHERE pair = 'p1' ORDER BY epoch", r => (r.GetInt64(0), r.GetString(1)));
        Assert.Equal([(first.Epoch, "a0-0"), (first.Epoch + 1, "a1-0")], record);
    }

    /// <summary>
    /// "Renewal during long cycles": a cycle held in a Dataverse call for more than twice the lease duration (by the
    /// database's clock) keeps its lease (the agent renews it every poll, independently of the cycle), so the other agent
    /// never takes the pair, and the cycle commits in its own epoch when released.
    /// </summary>
    [PostgresFact]
    public async Task Run_CycleLongerThanTheLease_RenewedAndCommitsInItsEpoch()
    {
        await using var rig = await ClusterRig.StartAsync(["p1"], agents: 2);
        var sut = rig.Pairs["p1"];
        var contact = sut.CreateAsMaker("contact", ("lastname", "Long"), ("emailaddress1", "long@example.com"), ("telephone1", "000"));
        rig.Start(0);
        Assert.True(await ClusterRig.WaitForAsync(async () => await sut.State.CountLinksAsync() == 1, Bound), rig.Output());
        var person = await sut.LinkedPersonAsync("contact", contact);
        rig.Start(1);

        var hold = HeldDataverseRequest.First(sut.Dataverse.Admin);
        sut.UpdateAsMaker("contact", contact, ("telephone1", "111"));
        await hold.Entered.WaitAsync(Bound);
        var twoLeases = (ClusterRig.LeaseDuration * 2).TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var until = (await rig.QueryAsync($"SELECT (clock_timestamp() + interval '{twoLeases} seconds')::text", r => r.GetString(0))).Single();

        // Two lease durations pass on the database's clock while the cycle is held; the lease stays a0-0's, epoch 1.
        Assert.True(await ClusterRig.WaitForAsync(
            async () => (await rig.QueryAsync($"SELECT clock_timestamp() > '{until}'::timestamptz", r => r.GetBoolean(0))).Single(), Bound));
        var lease = (await rig.LeasesAsync())["p1"];
        Assert.Equal(("a0-0", 1L, false), (lease.Holder, lease.Epoch, lease.Expired));
        sut.Dataverse.Admin.Faults = new FaultSettings();
        hold.Release();

        Assert.True(await ClusterRig.WaitForAsync(() => Task.FromResult(Equals(sut.MarketoValue(person, "phone"), "111") && sut.StagingRowCount == 0), Bound), rig.Output());
        var grants = await rig.QueryAsync("SELECT epoch, holder FROM crmsync_cluster.lease_grants WHERE pair = 'p1'", r => (r.GetInt64(0), r.GetString(1)));
        Assert.Equal([(1L, "a0-0")], grants);
        var record = await rig.QueryAsync("SELECT epoch, holder FROM crmsync_cluster.commits WHERE pair = 'p1'", r => (r.GetInt64(0), r.GetString(1)));
        Assert.Equal([(1L, "a0-0")], record);
    }

    // The resumed holder's log: its commit refused by the fence (4511), or its renewal refused first (4501).
    private static bool Stopped(string log) =>
        log.Contains("commit refused, the lease of epoch", StringComparison.Ordinal) || log.Contains("lease of epoch 1 lost", StringComparison.Ordinal);

    private static async Task<long> CommitsAsync(ClusterRig rig, string holder) =>
        (await rig.QueryAsync($"SELECT COALESCE(SUM(commits), 0)::bigint FROM crmsync_cluster.commits WHERE pair = 'p1' AND holder = '{holder}'", r => r.GetInt64(0))).Single();
}
