using System.Diagnostics;
using CrmSync.SyncAgent.Engine;
using Xunit.Abstractions;

namespace CrmSync.SyncAgent.Tests.EndToEnd;

/// <summary>
/// Issue 5 item 6 (B8): the first run links the whole database. The Marketo emulator keeps its documented limits
/// (100 calls / 20 s, 10 concurrent, 50,000 a day) and the test asserts the agent never met one.
/// </summary>
public sealed class FirstRunTests(ITestOutputHelper output)
{
    private const int Leads = 3_000;
    private const int Contacts = 2_000;
    private const int MarketoOnly = 2_000;

    [Fact]
    public async Task FirstCycle_ExistingDatabasesOnBothSides_LinksEveryRecordOnceWithoutDuplicates()
    {
        await using var sut = await SyncHarness.StartAsync();
        var leadIds = sut.Dataverse.Admin.BulkInsert("lead", Enumerable.Range(0, Leads).Select(i => Record(i, company: true)));
        var contactIds = sut.Dataverse.Admin.BulkInsert("contact", Enumerable.Range(Leads, Contacts).Select(i => Record(i, company: false)));
        var dynamicsIds = leadIds.Select(id => new RecordKey(SyncEntity.Lead, id)).Concat(contactIds.Select(id => new RecordKey(SyncEntity.Contact, id))).ToList();

        // Every fifth Dynamics record (600 leads, 400 contacts) already has a person; half of them spell the email in capitals.
        var shared = Enumerable.Range(0, Leads + Contacts).Where(i => i % 5 == 0).ToList();
        var sharedPersons = sut.Marketo.Admin.SeedPersons(shared.Select(i => new Dictionary<string, object?>
        {
            ["email"] = i % 10 == 0 ? Email(i).ToUpperInvariant() : Email(i), ["lastName"] = "Marketo " + i, ["city"] = "Marketo city",
        }));
        sut.Marketo.Admin.SeedPersons(Enumerable.Range(0, MarketoOnly).Select(i => new Dictionary<string, object?>
        {
            ["email"] = $"marketo-{i}@example.com", ["lastName"] = "Only " + i,
        }));

        var watch = Stopwatch.StartNew();
        var report = await sut.RunCycleAsync();
        output.WriteLine($"First run: {watch.Elapsed.TotalSeconds:F1} s, {report.Record.DataverseCalls} Dataverse / {report.Record.MarketoCalls} Marketo calls");

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal(Leads + Contacts, report.Record.MarketoWritten);
        var links = new List<Link>();
        await foreach (var link in sut.State.GetAllLinksAsync())
        {
            links.Add(link);
        }

        Assert.Equal(Leads + Contacts, links.Count);
        Assert.Equal(dynamicsIds.ToHashSet(), links.Select(l => l.Record).ToHashSet());
        Assert.Equal(links.Count, links.Select(l => l.MarketoId).Distinct().Count());
        var byRecord = links.ToDictionary(l => l.Record, l => l.MarketoId);
        for (var n = 0; n < shared.Count; n++)
        {
            Assert.Equal(sharedPersons[n], byRecord[dynamicsIds[shared[n]]]);
        }

        var persons = sut.Marketo.Admin.GetPersons();
        Assert.Equal(3_000 + 4_000, persons.Count);
        Assert.DoesNotContain(persons.GroupBy(p => p.Email?.ToLowerInvariant()), g => g.Count() > 1);
        // Both sides held a last name for the 1,000 shared persons, all different (issue 18 item 6: this was a blind
        // overwrite by the Dynamics value). The collision rule decides: leads (600) Marketo wins, contacts (400) Dynamics.
        Assert.Equal("Marketo 5", sut.MarketoValue(sharedPersons[1], "lastName"));
        Assert.Equal("Marketo 5", (string?)sut.Dataverse.Admin.GetRecord("lead", dynamicsIds[5].Id)!["lastname"]);
        Assert.Equal("Lastname 3000", sut.MarketoValue(sharedPersons[600], "lastName"));
        Assert.Equal("Lastname 3000", (string?)sut.Dataverse.Admin.GetRecord("contact", dynamicsIds[3000].Id)!["lastname"]);
        Assert.Equal((1000, 600), (report.Record.Collisions, report.Record.CrmWritten));
        Assert.Equal(
            "First run: the collision rule chose 1000 values where a record and the Marketo person matched by its e-mail differed (400 from Dynamics, 600 from Marketo).",
            report.Record.Message);
        Assert.Equal((Leads, Contacts), (sut.Dataverse.Admin.Count("lead"), sut.Dataverse.Admin.Count("contact")));

        var counters = sut.Marketo.Admin.GetCounters();
        Assert.DoesNotContain(counters.ErrorsByCode.Keys, code => code is "606" or "607" or "615");
        Assert.Equal(0, report.Record.Throttled);

        var next = await sut.RunCycleAsync();
        Assert.True(next.Completed, next.Record.Message);
        Assert.Equal((0, 0), (next.Record.CrmWritten, next.Record.MarketoWritten));
    }

    private static string Email(int i) => $"dyn-{i}@example.com";

    private static Dictionary<string, object?> Record(int i, bool company)
    {
        var record = new Dictionary<string, object?>
        {
            ["firstname"] = "First " + i, ["lastname"] = "Lastname " + i, ["emailaddress1"] = Email(i), ["jobtitle"] = "Title " + (i % 7),
        };
        if (company)
        {
            record["companyname"] = "Company " + (i % 50);
        }

        return record;
    }
}
