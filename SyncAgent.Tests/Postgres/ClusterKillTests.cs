using System.Globalization;
using Xunit.Abstractions;

namespace CrmSync.SyncAgent.Tests.Postgres;

/// <summary>
/// Issue 16 scenario 1 (DESIGN B21): three real <c>crmsync run</c> processes share four pairs on PostgreSQL, each pair with
/// its own emulator pair and changes on both sides in every round. A random agent is SIGKILLed at five random moments
/// (seed printed) and started again at once. Every pair must end with the round's literal values on both sides, every
/// new contact once in Marketo, no duplicate, and the cluster's record must show one holder per pair and epoch, each the
/// epoch's grantee. With all agents healthy, none holds more than ⌈pairs ÷ agents⌉ + 1 pairs.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class ClusterKillTests(ITestOutputHelper output)
{
    private const int Seed = 1616;
    private const int Kills = 5;
    private static readonly string[] PairNames = ["p1", "p2", "p3", "p4"];
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(120);

    [PostgresFact]
    public async Task Run_ThreeAgentsFourPairs_FiveSigkills_EveryPairConvergesOnceAndNoEpochHasTwoCommitters()
    {
        var random = new Random(Seed);
        output.WriteLine($"seed {Seed}");
        await using var rig = await ClusterRig.StartAsync(PairNames, agents: 3);
        var pairs = PairNames.ToDictionary(p => p, p => new PairScenario(rig.Pairs[p], p), StringComparer.Ordinal);
        foreach (var scenario in pairs.Values)
        {
            scenario.Seed();
        }

        for (var agent = 0; agent < 3; agent++)
        {
            rig.Start(agent);
        }

        // The first cycles link the seeded contacts; the Marketo side of the changes needs their persons.
        Assert.True(await ClusterRig.WaitForAsync(async () => (await Task.WhenAll(pairs.Values.Select(s => s.LinkedAsync()))).All(l => l), Converge), rig.Output());
        foreach (var scenario in pairs.Values)
        {
            await scenario.ResolvePersonsAsync();
        }

        for (var kill = 0; kill < Kills; kill++)
        {
            foreach (var scenario in pairs.Values)
            {
                scenario.MakeChanges(kill + 1);
            }

            var delay = TimeSpan.FromMilliseconds(1000 + random.Next(3000));
            var victim = random.Next(3);
            await Task.Delay(delay);
            var leases = await rig.LeasesAsync();
            var held = leases.Where(l => l.Value.Holder == rig.Holders[victim] && !l.Value.Expired).Select(l => l.Key).ToList();
            output.WriteLine($"kill {kill}: after {delay.TotalMilliseconds:0} ms SIGKILL agent {victim} ({rig.Holders[victim]}, holding {string.Join(",", held)})");
            await rig.KillAsync(victim);
            rig.Start(victim);
        }

        foreach (var scenario in pairs.Values)
        {
            scenario.MakeChanges(Kills + 1);
        }

        var converged = await ClusterRig.WaitForAsync(async () => (await Task.WhenAll(pairs.Values.Select(s => s.ConvergedAsync()))).All(c => c), Converge);
        Assert.True(converged, "Not converged within the bound (seed " + Seed + "):\n" + rig.Output());
        foreach (var scenario in pairs.Values)
        {
            await scenario.AssertConvergedAsync(Kills + 1);
        }

        await AssertOneCommitterPerEpochAsync(rig);

        // All healthy: every pair held by a running start, none above ⌈4 ÷ 3⌉ + 1 = 3.
        var healthy = await ClusterRig.WaitForAsync(
            async () => (await rig.LeasesAsync()).Values.All(l => !l.Expired && rig.Holders.Contains(l.Holder)), Converge);
        Assert.True(healthy, "The pairs were never all held by the running agents:\n" + rig.Output());
        var spread = (await rig.LeasesAsync()).GroupBy(l => l.Value.Holder).ToDictionary(g => g.Key!, g => g.Count());
        output.WriteLine("spread: " + string.Join(", ", spread.Select(s => $"{s.Key}={s.Value}")));
        Assert.Equal(4, spread.Values.Sum());
        Assert.All(spread, s => Assert.True(s.Value <= 3, $"{s.Key} holds {s.Value} of 4 pairs with 3 agents"));
    }

    /// <summary>
    /// The record: every committed (pair, epoch) has exactly one holder, the one the epoch was granted to; and the kills
    /// caused takeovers (some pair committed in more than one epoch), so the check is about something.
    /// </summary>
    private async Task AssertOneCommitterPerEpochAsync(ClusterRig rig)
    {
        var commits = await rig.QueryAsync(
            "SELECT c.pair, c.epoch, c.holder, c.commits, g.holder FROM crmsync_cluster.commits c LEFT JOIN crmsync_cluster.lease_grants g USING (pair, epoch) ORDER BY c.pair, c.epoch",
            r => (Pair: r.GetString(0), Epoch: r.GetInt64(1), Holder: r.GetString(2), Count: r.GetInt64(3), Granted: r.IsDBNull(4) ? null : r.GetString(4)));
        foreach (var c in commits)
        {
            output.WriteLine($"commits {c.Pair} epoch {c.Epoch}: {c.Holder} ×{c.Count} (granted to {c.Granted})");
        }

        Assert.All(commits.GroupBy(c => (c.Pair, c.Epoch)), g => Assert.Single(g));
        Assert.All(commits, c => Assert.Equal(c.Granted, c.Holder));
        Assert.Equal(PairNames, commits.Select(c => c.Pair).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(commits.GroupBy(c => c.Pair), g => g.Count() > 1);
    }

    /// <summary>One pair's changes: a Dynamics update of contact Base1, a new contact per round, a Marketo edit of Base2's person.</summary>
    private sealed class PairScenario(EndToEnd.SyncHarness sut, string pair)
    {
        private Guid base1, base2;
        private long person1, person2;
        private int rounds;

        public void Seed()
        {
            base1 = sut.CreateAsMaker("contact", ("lastname", "Base1"), ("emailaddress1", $"base1.{pair}@example.com"), ("telephone1", "000"));
            base2 = sut.CreateAsMaker("contact", ("lastname", "Base2"), ("emailaddress1", $"base2.{pair}@example.com"), ("jobtitle", "Start"));
        }

        public async Task<bool> LinkedAsync() => await sut.State.CountLinksAsync() == 2;

        public async Task ResolvePersonsAsync()
        {
            person1 = await sut.LinkedPersonAsync("contact", base1);
            person2 = await sut.LinkedPersonAsync("contact", base2);
        }

        public void MakeChanges(int round)
        {
            rounds = round;
            sut.UpdateAsMaker("contact", base1, ("telephone1", Phone(round)));
            sut.CreateAsMaker("contact", ("lastname", $"New{round}"), ("firstname", pair), ("emailaddress1", NewEmail(round)));
            sut.EditInMarketo(person2, ("title", Title(round)));
        }

        public async Task<bool> ConvergedAsync() =>
            Equals(sut.MarketoValue(person1, "phone"), Phone(rounds))
            && Equals(sut.DynamicsValue("contact", base2, "jobtitle"), Title(rounds))
            && sut.StagingRowCount == 0
            && await sut.State.CountLinksAsync() == 2 + rounds;

        public async Task AssertConvergedAsync(int round)
        {
            Assert.Equal(Phone(round), sut.MarketoValue(person1, "phone"));
            Assert.Equal(Title(round), sut.DynamicsValue("contact", base2, "jobtitle"));
            Assert.Equal(Title(round), sut.MarketoValue(person2, "title"));
            Assert.Equal(Phone(round), sut.DynamicsValue("contact", base1, "telephone1"));

            // Nothing lost, nothing twice: exactly the seeded and created e-mails, once each, on both sides and linked.
            var expected = new[] { $"base1.{pair}@example.com", $"base2.{pair}@example.com" }
                .Concat(Enumerable.Range(1, round).Select(NewEmail)).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, sut.Marketo.Admin.GetPersons().Select(p => p.Email!).Order(StringComparer.Ordinal));
            Assert.Equal(expected.Count, sut.Dataverse.Admin.Count("contact"));
            Assert.Equal(expected.Count, await sut.State.CountLinksAsync());
            foreach (var r in Enumerable.Range(1, round))
            {
                var person = sut.Marketo.Admin.GetPersons().Single(p => p.Email == NewEmail(r));
                Assert.Equal(($"New{r}", pair), (person["lastName"], person["firstName"]));
            }

            Assert.Equal(0, sut.StagingRowCount);
        }

        private string Phone(int round) => string.Create(CultureInfo.InvariantCulture, $"555-{pair}-{round}");

        private string Title(int round) => string.Create(CultureInfo.InvariantCulture, $"Title {pair} {round}");

        private string NewEmail(int round) => string.Create(CultureInfo.InvariantCulture, $"new{round}.{pair}@example.com");
    }
}
