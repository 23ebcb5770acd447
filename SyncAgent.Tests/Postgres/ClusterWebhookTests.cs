using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmSync.SyncAgent.Http;

namespace CrmSync.SyncAgent.Tests.Postgres;

/// <summary>
/// Issue 16 (DESIGN B21): on PostgreSQL only the agent that holds a pair's lease carries sync-person requests out, fenced
/// by its epoch like the cycle's commits. Another agent keeps the request in the pair's state for the holder and answers
/// 202 (Marketo's webhook does not retry, so a 503 lost the request); the holder creates and links the person once.
/// Two real <c>crmsync run</c> processes, one pair.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class ClusterWebhookTests
{
    private const string Secret = "cluster-webhook-secret-2468";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [PostgresFact]
    public async Task SyncPerson_OnTheNonHolder_Is202KeptForTheHolder_WhichCreatesItOnce_OnTheHolder_CreatesInItsEpoch()
    {
        // The longest answer budget: the holder's call is carried out, not answered 202, however loaded the machine.
        await using var rig = await ClusterRig.StartAsync(["p1"], agents: 2, settings =>
        {
            settings["CrmSync:Webhook:Secret"] = Secret;
            settings["CrmSync:Webhook:AnswerWithin"] = "00:00:20";
        });
        var sut = rig.Pairs["p1"];
        var kept = sut.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "kept@example.com", ["lastName"] = "Kept" });
        var direct = sut.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "hook@example.com", ["lastName"] = "Hook" });
        rig.Start(0);
        rig.Start(1);
        Assert.True(await ClusterRig.WaitForAsync(async () => (await rig.LeasesAsync()).TryGetValue("p1", out var l) && rig.Holders.Contains(l.Holder), Bound), rig.Output());
        var lease = (await rig.LeasesAsync())["p1"];
        var holder = Array.IndexOf(rig.Holders, lease.Holder);
        var other = 1 - holder;
        Assert.True(await rig.WaitListeningAsync(0, Bound) && await rig.WaitListeningAsync(1, Bound), rig.Output());
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };

        // The agent without the lease keeps the request for the holder: 202, and it says so.
        using var accepted = await http.SendAsync(Webhook(rig.Urls[other], kept));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var body = (await accepted.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("keptForHolder", (string?)body["outcome"]);
        Assert.Equal(kept, (long?)body["marketoId"]);
        Assert.Equal(
            $"Pair 'p1' is run by another agent now (it holds the pair's lease). The request for Marketo person {kept} is kept in the pair's state for that agent; it creates and links the lead at its next poll or cycle at the latest.",
            (string?)body["message"]);

        // The holder creates the lead once and links it (bounded: its next poll or cycle).
        var record = CrmSync.SyncAgent.RealTime.PersonRecordId.For(kept);
        Assert.True(await ClusterRig.WaitForAsync(async () => await sut.State.FindLinkAsync(kept) is not null, Bound), rig.Output());
        Assert.Equal("kept@example.com", sut.Dataverse.Admin.GetRecord("lead", record)?["emailaddress1"]);
        Assert.Equal(1, sut.Dataverse.Admin.Count("lead"));
        Assert.Equal(record, (await sut.State.FindLinkAsync(kept))!.Record.Id);
        Assert.Null(await sut.State.FindPendingPersonRequestAsync(kept));

        // `crmsync status` shows nothing kept afterwards.
        var (exitCode, output) = await rig.RunCliAsync("status", "--pair", "p1", "--json");
        Assert.True(exitCode == 0, output);
        var status = JsonNode.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..])!;
        Assert.Equal(0, (int?)status["backlog"]!["keptSyncPersonRequests"]!["count"]);

        // A call on the holder runs at once, in its epoch.
        using var created = await http.SendAsync(Webhook(rig.Urls[holder], direct));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        Assert.Equal("hook@example.com", sut.Dataverse.Admin.GetRecord("lead", CrmSync.SyncAgent.RealTime.PersonRecordId.For(direct))?["emailaddress1"]);
        Assert.Equal(2, sut.Dataverse.Admin.Count("lead"));
        Assert.NotNull(await sut.State.FindLinkAsync(direct));

        // The holder's commits went through the fence: only the holder, only in its epoch, in the record.
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
