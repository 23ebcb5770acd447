using System.Net;
using System.Net.Http.Json;
using CrmSync.SyncAgent.Http;

namespace CrmSync.SyncAgent.Tests.Postgres;

/// <summary>
/// Issue 16 (DESIGN B21): on PostgreSQL the sync-person webhook writes a pair's state only on the agent that holds the
/// pair's lease, fenced by its epoch like the cycle's commits. Another agent answers 503 and writes nothing anywhere.
/// Two real <c>crmsync run</c> processes, one pair.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class ClusterWebhookTests
{
    private const string Secret = "cluster-webhook-secret-2468";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [PostgresFact]
    public async Task SyncPerson_OnTheNonHolder_Is503AndWritesNothing_OnTheHolder_CreatesInItsEpoch()
    {
        await using var rig = await ClusterRig.StartAsync(["p1"], agents: 2, settings => settings["CrmSync:Webhook:Secret"] = Secret);
        var sut = rig.Pairs["p1"];
        var person = sut.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "hook@example.com", ["lastName"] = "Hook" });
        rig.Start(0);
        rig.Start(1);
        Assert.True(await ClusterRig.WaitForAsync(async () => (await rig.LeasesAsync()).TryGetValue("p1", out var l) && rig.Holders.Contains(l.Holder), Bound), rig.Output());
        var lease = (await rig.LeasesAsync())["p1"];
        var holder = Array.IndexOf(rig.Holders, lease.Holder);
        var other = 1 - holder;
        Assert.True(await rig.WaitListeningAsync(0, Bound) && await rig.WaitListeningAsync(1, Bound), rig.Output());
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };

        using var refused = await http.SendAsync(Webhook(rig.Urls[other], person));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(
            "pair 'p1' is run by another agent now (its lease is held elsewhere); nothing was written: send the request to the agent that holds it (crmsync status lists it)",
            (await refused.Content.ReadFromJsonAsync<Dictionary<string, string>>())!["error"]);
        Assert.Equal(0, sut.Dataverse.Admin.Count("lead"));
        Assert.Null(await sut.State.FindPendingPersonRequestAsync(person));

        using var created = await http.SendAsync(Webhook(rig.Urls[holder], person));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("hook@example.com", sut.Dataverse.Admin.GetRecord("lead", CrmSync.SyncAgent.RealTime.PersonRecordId.For(person))?["emailaddress1"]);
        Assert.Equal(1, sut.Dataverse.Admin.Count("lead"));
        Assert.NotNull(await sut.State.FindLinkAsync(person));

        // The webhook's commits went through the fence: only the holder, only in its epoch, in the record.
        var committers = await rig.QueryAsync("SELECT DISTINCT holder, epoch FROM crmsync_cluster.commits WHERE pair = 'p1'", r => (r.GetString(0), r.GetInt64(1)));
        Assert.Equal([(lease.Holder!, lease.Epoch)], committers);
    }

    private static HttpRequestMessage Webhook(Uri agent, long person)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(agent, "/api/pairs/p1/sync-person"))
        {
            Content = JsonContent.Create(new { leadId = person, @as = "lead" }),
        };
        request.Headers.Add(SyncPersonEndpoint.SecretHeader, Secret);
        return request;
    }
}
