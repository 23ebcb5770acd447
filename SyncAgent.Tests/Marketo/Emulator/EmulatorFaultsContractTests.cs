using System.Text.Json;
using CrmSync.SyncAgent.Marketo;
using static CrmSync.SyncAgent.Tests.Marketo.Emulator.EmulatorRecords;

namespace CrmSync.SyncAgent.Tests.Marketo.Emulator;

/// <summary>
/// Every connector operation with the emulator failing 10% of the calls with 601, 602, 604, 611 or HTTP 502
/// (error-codes page, https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/error-codes: 601/602
/// re-authenticate, 604/611 and 5xx are transient): the work completes and its results are exactly right.
/// </summary>
public sealed class EmulatorFaultsContractTests
{
    private static readonly string[] Fields = ["email", "title"];

    [Theory]
    [InlineData(1234)]
    [InlineData(19)] // a 601 answers the replay after the re-authentication
    [InlineData(23)] // likewise
    [InlineData(2)] // every kind injected at least three times
    public async Task AllOperations_TenPercentInjectedFaults_CompleteWithCorrectResults(int seed)
    {
        await using var sut = await ConnectorOnEmulator.StartAsync(configureEmulator: o => o.FaultSeed = seed);
        var seeded = sut.Admin.SeedPersons(Enumerable.Range(1, 100).Select(Person));
        sut.Admin.Faults.Rate = 0.1;

        await sut.DriveAsync(async () =>
        {
            var token = await sut.Client.GetPagingTokenAsync(sut.Time.GetUtcNow(), CancellationToken.None);
            var type = await sut.Client.EnsureCustomActivityTypeAsync(
                new CustomActivityTypeDefinition("syncResult", "Sync result", "Sync result recorded", "Had sync result", "",
                    new CustomActivityAttribute("outcome", "Outcome", "string"), []),
                CancellationToken.None);

            // 100 existing emails matched and 300 new ones created, in two Sync Leads calls.
            var upserts = await sut.Client.SyncLeadsAsync(
                SyncLeadsAction.CreateOrUpdate,
                "email",
                Enumerable.Range(1, 400).Select(n => Record(("email", Email(n)), ("title", $"Upsert {n}"))).ToList(),
                CancellationToken.None);
            var updates = await sut.Client.SyncLeadsAsync(
                SyncLeadsAction.UpdateOnly,
                "id",
                seeded.Take(50).Select(id => Record(("id", (long)id), ("title", $"Update {id}"))).ToList(),
                CancellationToken.None);
            var byEmail = await sut.Client.GetLeadsByFilterAsync("email", Enumerable.Range(1, 400).Select(Email), Fields, CancellationToken.None);
            var changes = new List<LeadChange>();
            await foreach (var page in sut.Client.ReadLeadChangesAsync(token, ["title"], 50, CancellationToken.None))
            {
                changes.AddRange(page.Changes);
            }

            var added = await sut.Client.AddCustomActivitiesAsync(
                seeded.Select(id => new CustomActivity(id, sut.Time.GetUtcNow(), type.Id!.Value, "ok", new Dictionary<string, JsonElement>())).ToList(),
                CancellationToken.None);

            Assert.Equal(Enumerable.Repeat(MarketoRecordStatus.Updated, 100).Concat(Enumerable.Repeat(MarketoRecordStatus.Created, 300)), upserts.Select(r => r.Status));
            Assert.Equal(seeded.Select(i => (long?)i), upserts.Take(100).Select(r => r.Id));
            Assert.All(updates, r => Assert.Equal(MarketoRecordStatus.Updated, r.Status));
            Assert.Equal(400, byEmail.Count);
            // Upserts change all 400 titles (100 updates + 300 new leads carry no Change Data Value for title on creation),
            // then 50 updates by id.
            Assert.Equal(100 + 50, changes.Count(c => c.ActivityTypeId == LeadChange.ChangeDataValueTypeId));
            Assert.Equal(300, changes.Count(c => c.IsNewLead));
            Assert.All(added, r => Assert.Equal(MarketoRecordStatus.Added, r.Status));
            for (var start = 1; start <= 400; start += 10)
            {
                var window = await sut.Client.GetLeadsByIdsAsync(Enumerable.Range(start, 10).Select(i => (long)i), Fields, CancellationToken.None);
                Assert.Equal(10, window.Count);
                Assert.All(window, l => Assert.Equal(l.Id <= 50 ? $"Update {l.Id}" : $"Upsert {l.Id}", l.GetText("title")));
            }
        });

        var persons = sut.Admin.GetPersons();
        Assert.Equal(400, persons.Count);
        Assert.Equal(400, persons.Select(p => p.Email).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(persons.Where(p => p.Id <= 50), p => Assert.Equal($"Update {p.Id}", p["title"]));
        Assert.All(persons.Where(p => p.Id > 50), p => Assert.Equal($"Upsert {p.Id}", p["title"]));
        Assert.Equal(100, sut.Admin.GetActivities(activityTypeId: sut.Admin.GetCustomActivityTypes()[0].Id).Count);
        var faults = sut.Admin.GetCounters().ErrorsByCode;
        // At least two faults landed among the calls above (seed 1234 injects exactly two since the backfill scan's id
        // windows were removed with StreamAllLeadsAsync, issue 12).
        Assert.True(faults.Values.Sum() >= 2, $"expected injected faults, got {string.Join(", ", faults)}");
        Assert.All(faults.Keys, code => Assert.Contains(code, new[] { "601", "602", "604", "611", "502" }));
    }
}
