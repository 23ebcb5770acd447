using System.Globalization;
using System.Text.Json.Nodes;

namespace CrmSync.SyncAgent.Tests.Postgres;

/// <summary>
/// Issue 16: the status page and <c>/api/status</c> of <c>crmsync run</c> list every pair with its holder, epoch, lease
/// expiry and last cycle (before, they served only the top-level pair). One real agent, two pairs on PostgreSQL.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class ClusterStatusTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [PostgresFact]
    public async Task Status_TwoPairsOnOneAgent_ListsEachPairsLeaseAndLastCycle()
    {
        await using var rig = await ClusterRig.StartAsync(["p1", "p2"], agents: 1);
        foreach (var (name, pair) in rig.Pairs)
        {
            pair.CreateAsMaker("contact", ("lastname", "Status"), ("emailaddress1", $"status.{name}@example.com"));
        }

        rig.Start(0);
        Assert.True(await ClusterRig.WaitForAsync(async () => (await Task.WhenAll(rig.Pairs.Values.Select(p => p.State.CountLinksAsync()))).All(n => n == 1), Bound), rig.Output());
        Assert.True(await rig.WaitListeningAsync(0, Bound), rig.Output());
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        JsonArray pairs = [];
        Assert.True(await ClusterRig.WaitForAsync(async () =>
        {
            pairs = JsonNode.Parse(await http.GetStringAsync(new Uri(rig.Urls[0], "/api/status")))!["pairs"]!.AsArray();
            return pairs.All(p => (string?)p!["lastCycle"]?["outcome"] == "Completed");
        }, Bound), rig.Output());

        Assert.Equal(["p1", "p2"], pairs.Select(p => (string?)p!["pair"]));
        Assert.All(pairs, p =>
        {
            Assert.Equal(("a0-0", 1L, null), ((string?)p!["holder"], (long?)p["epoch"], (string?)p["problem"]));
            Assert.True(DateTimeOffset.TryParseExact((string?)p["leaseExpiresOn"], "yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _), p.ToJsonString());
        });

        var page = await http.GetStringAsync(rig.Urls[0]);
        Assert.Contains("<h2>Pairs</h2>", page, StringComparison.Ordinal);
        Assert.Contains("<tr><td>p1</td><td>a0-0</td><td>1</td>", page, StringComparison.Ordinal);
        Assert.Contains("<tr><td>p2</td><td>a0-0</td><td>1</td>", page, StringComparison.Ordinal);
    }
}
