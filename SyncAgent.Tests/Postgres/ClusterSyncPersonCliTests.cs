namespace CrmSync.SyncAgent.Tests.Postgres;

/// <summary>
/// Issue 16 (DESIGN B21): <c>crmsync sync-person</c> on a PostgreSQL state behaves like the webhook under leases. While an
/// agent holds the pair's lease the request is kept for it (exit 1, saying so) and the agent creates the person once;
/// while nobody holds it the command takes the lease for the call, its commits are fenced in that epoch, and it releases
/// the lease at the end. Real processes: the CLI and a <c>crmsync run</c> agent.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class ClusterSyncPersonCliTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [PostgresFact]
    public async Task SyncPerson_NobodyHoldsTheLease_RunsUnderItsOwnFencedLease_AndReleasesIt()
    {
        await using var rig = await ClusterRig.StartAsync(["p1"], agents: 1);
        var sut = rig.Pairs["p1"];
        var person = sut.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "cli@example.com", ["lastName"] = "Cli" });

        var (exitCode, output) = await rig.RunCliAsync("sync-person", person.ToString(System.Globalization.CultureInfo.InvariantCulture), "--pair", "p1");

        Assert.True(exitCode == 0, output);
        var record = CrmSync.SyncAgent.RealTime.PersonRecordId.For(person);
        Assert.Contains($"Created lead {record:D} for Marketo person {person} and linked it.", output, StringComparison.Ordinal);
        Assert.Equal("cli@example.com", sut.Dataverse.Admin.GetRecord("lead", record)?["emailaddress1"]);
        Assert.Equal(1, sut.Dataverse.Admin.Count("lead"));
        Assert.Equal(record, (await sut.State.FindLinkAsync(person))!.Record.Id);

        // The command's grant (epoch 1), its fenced commits in that epoch (the reservation and the link), and the release.
        var grants = await rig.QueryAsync("SELECT epoch, holder FROM crmsync_cluster.lease_grants WHERE pair = 'p1'", r => (r.GetInt64(0), r.GetString(1)));
        var (epoch, holder) = Assert.Single(grants);
        Assert.Equal(1, epoch);
        Assert.StartsWith("cli-", holder, StringComparison.Ordinal);
        var commits = await rig.QueryAsync("SELECT epoch, holder, commits FROM crmsync_cluster.commits WHERE pair = 'p1'", r => (r.GetInt64(0), r.GetString(1), r.GetInt64(2)));
        Assert.Equal([(1L, holder, 2L)], commits);
        var lease = (await rig.LeasesAsync())["p1"];
        Assert.Null(lease.Holder);
    }

    [PostgresFact]
    public async Task SyncPerson_AnAgentHoldsTheLease_KeepsTheRequestForIt_Exit1_TheAgentCreatesItOnce()
    {
        await using var rig = await ClusterRig.StartAsync(["p1"], agents: 1);
        var sut = rig.Pairs["p1"];
        var person = sut.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "held@example.com", ["lastName"] = "Held" });
        rig.Start(0);
        Assert.True(await ClusterRig.WaitForAsync(async () => (await rig.LeasesAsync()).TryGetValue("p1", out var l) && l.Holder == rig.Holders[0], Bound), rig.Output());

        var (exitCode, output) = await rig.RunCliAsync("sync-person", person.ToString(System.Globalization.CultureInfo.InvariantCulture), "--pair", "p1", "--as", "contact");

        Assert.True(exitCode == 1, output);
        Assert.Contains(
            $"Pair 'p1' is run by another agent now (it holds the pair's lease). The request for Marketo person {person} is kept in the pair's state for that agent; it creates and links the contact at its next poll or cycle at the latest.",
            output, StringComparison.Ordinal);

        var record = CrmSync.SyncAgent.RealTime.PersonRecordId.For(person);
        Assert.True(await ClusterRig.WaitForAsync(async () => await sut.State.FindLinkAsync(person) is not null, Bound), rig.Output());
        Assert.Equal("held@example.com", sut.Dataverse.Admin.GetRecord("contact", record)?["emailaddress1"]);
        Assert.Equal(1, sut.Dataverse.Admin.Count("contact"));
        Assert.Equal(0, sut.Dataverse.Admin.Count("lead"));
        Assert.Null(await sut.State.FindPendingPersonRequestAsync(person));

        // The command neither took a lease nor committed under one: only the agent is in the record.
        var holders = await rig.QueryAsync("SELECT DISTINCT holder FROM crmsync_cluster.lease_grants WHERE pair = 'p1' UNION SELECT DISTINCT holder FROM crmsync_cluster.commits WHERE pair = 'p1'", r => r.GetString(0));
        Assert.Equal([rig.Holders[0]], holders);
    }
}
