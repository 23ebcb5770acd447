using CrmSync.SyncAgent.Marketo;
using static CrmSync.SyncAgent.Tests.Marketo.Emulator.EmulatorRecords;

namespace CrmSync.SyncAgent.Tests.Marketo.Emulator;

/// <summary>
/// Sync Leads, Get Leads by Filter Type, Describe and the backfill scan against the emulator
/// (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/leads; record-level reasons
/// on https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/error-codes).
/// </summary>
public sealed class EmulatorLeadsContractTests
{
    private const string LeadsPath = "/rest/v1/leads.json";
    private static readonly string[] NameFields = ["email", "firstName", "lastName"];

    [Fact]
    public async Task SyncLeads_CreateOrUpdateByEmail_MatchesTheExistingPersonInsteadOfDuplicating()
    {
        await using var sut = await ConnectorOnEmulator.StartAsync();
        var existing = sut.Admin.SeedPerson(Person(1));

        var results = await sut.Client.SyncLeadsAsync(
            SyncLeadsAction.CreateOrUpdate,
            "email",
            [Record(("email", "PERSON1@example.com"), ("title", "CFO")), Record(("email", "new@example.com"), ("lastName", "New"))],
            CancellationToken.None);

        Assert.Equal(MarketoRecordStatus.Updated, results[0].Status);
        Assert.Equal(existing, results[0].Id);
        Assert.Equal(MarketoRecordStatus.Created, results[1].Status);
        Assert.Equal(2, sut.Admin.PersonCount);
        Assert.Equal("CFO", sut.Admin.GetPerson(existing)!["title"]);
        Assert.Equal("New", sut.Admin.GetPerson((int)results[1].Id!.Value)!["lastName"]);
    }

    [Fact]
    public async Task SyncLeads_UpdateOnlyById_UpdatesKnownIdsAndSkipsUnknownWith1004()
    {
        await using var sut = await ConnectorOnEmulator.StartAsync();
        var id = sut.Admin.SeedPerson(Person(1));

        var results = await sut.Client.SyncLeadsAsync(
            SyncLeadsAction.UpdateOnly,
            "id",
            [Record(("id", (long)id), ("phone", "+1 555 0100")), Record(("id", 999L), ("phone", "+1 555 0199"))],
            CancellationToken.None);

        Assert.Equal(MarketoRecordStatus.Updated, results[0].Status);
        Assert.Equal(id, results[0].Id);
        Assert.Equal(MarketoRecordStatus.Skipped, results[1].Status);
        Assert.Equal("1004", Assert.Single(results[1].Reasons).Code);
        Assert.Equal("+1 555 0100", sut.Admin.GetPerson(id)!["phone"]);
        Assert.Equal(1, sut.Admin.PersonCount);
    }

    [Theory]
    [InlineData("leadScore", "integer", "42")]
    [InlineData("annualRevenue", "currency", "1234.5")]
    [InlineData("unsubscribed", "boolean", "true")]
    [InlineData("dateOfBirth", "date", "1980-05-17")]
    [InlineData("title", "string", "Head of \"Ops\", EMEA")]
    public async Task SyncLeads_TypedValueFromText_StoredAndReadBackAsTheSameText(string field, string dataType, string text)
    {
        await using var sut = await ConnectorOnEmulator.StartAsync();
        var id = sut.Admin.SeedPerson(Person(1));
        var record = new Dictionary<string, System.Text.Json.JsonElement>
        {
            ["id"] = MarketoValues.FromText(id.ToString(System.Globalization.CultureInfo.InvariantCulture), "integer"),
            [field] = MarketoValues.FromText(text, dataType),
        };

        var result = Assert.Single(await sut.Client.SyncLeadsAsync(SyncLeadsAction.UpdateOnly, "id", [record], CancellationToken.None));
        var lead = Assert.Single(await sut.Client.GetLeadsByIdsAsync([id], [field], CancellationToken.None));

        Assert.Equal(MarketoRecordStatus.Updated, result.Status);
        Assert.Equal(text, lead.GetText(field));
    }

    [Fact]
    public async Task SyncLeads_NullValue_ClearsTheField()
    {
        await using var sut = await ConnectorOnEmulator.StartAsync();
        var id = sut.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = Email(1), ["title"] = "CFO" });

        await sut.Client.SyncLeadsAsync(SyncLeadsAction.UpdateOnly, "id", [Record(("id", (long)id), ("title", null))], CancellationToken.None);
        var lead = Assert.Single(await sut.Client.GetLeadsByIdsAsync([id], ["title"], CancellationToken.None));

        Assert.Null(sut.Admin.GetPerson(id)!["title"]);
        Assert.Null(lead.GetText("title"));
    }

    [Fact]
    public async Task SyncLeads_InvalidRecords_SkippedWithPerRecordReasonsInInputOrder()
    {
        await using var sut = await ConnectorOnEmulator.StartAsync();

        var results = await sut.Client.SyncLeadsAsync(
            SyncLeadsAction.CreateOrUpdate,
            "email",
            [
                Record(("email", "ok1@example.com")),
                Record(("email", "unknown@example.com"), ("noSuchField__c", "x")),
                Record(("email", "long@example.com"), ("firstName", new string('a', 256))),
                Record(("email", "ok2@example.com")),
            ],
            CancellationToken.None);

        Assert.Equal([0, 1, 2, 3], results.Select(r => r.Index));
        Assert.Equal(
            [MarketoRecordStatus.Created, MarketoRecordStatus.Skipped, MarketoRecordStatus.Skipped, MarketoRecordStatus.Created],
            results.Select(r => r.Status));
        Assert.Equal("1006", Assert.Single(results[1].Reasons).Code);
        Assert.Contains("noSuchField__c", results[1].Reasons[0].Message, StringComparison.Ordinal);
        Assert.Equal("1003", Assert.Single(results[2].Reasons).Code); // firstName is described with length 255
        Assert.Equal(2, sut.Admin.PersonCount);
    }

    [Fact]
    public async Task SyncLeads_MoreThan300Records_SentAsTwoCallsAndAllCreated()
    {
        await using var sut = await ConnectorOnEmulator.StartAsync();
        var records = Enumerable.Range(1, 301).Select(n => Record(("email", Email(n)), ("lastName", $"Last{n}"))).ToList();

        var results = await sut.Client.SyncLeadsAsync(SyncLeadsAction.CreateOrUpdate, "email", records, CancellationToken.None);

        Assert.All(results, r => Assert.Equal(MarketoRecordStatus.Created, r.Status));
        Assert.Equal(301, results.Select(r => r.Id).Distinct().Count());
        Assert.Equal(2, sut.RequestCount("POST", LeadsPath));
        Assert.Equal(301, sut.Admin.PersonCount);
    }

    [Fact]
    public async Task GetLeadsByIds_450Ids_SplitInto300And150AndReturnsOnlyRequestedFields()
    {
        await using var sut = await ConnectorOnEmulator.StartAsync();
        var ids = sut.Admin.SeedPersons(Enumerable.Range(1, 450).Select(Person));

        var leads = await sut.Client.GetLeadsByIdsAsync(ids.Select(i => (long)i), ["email", "lastName"], CancellationToken.None);

        Assert.Equal(ids.Select(i => (long)i), leads.Select(l => l.Id).Order());
        Assert.All(leads, l => Assert.Equal(["email", "lastName"], l.Fields.Keys.Order()));
        Assert.Equal(Email(450), leads.Single(l => l.Id == ids[449]).GetText("email"));
        var calls = sut.Admin.GetRequestLog().Where(e => e.Path == LeadsPath).ToList();
        Assert.Equal(2, calls.Count);
        Assert.All(calls, c => Assert.Contains("filterType=id", c.Query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetLeadsByFilterEmail_350EmailsInMixedCase_FindsEveryPersonAcrossSeveralCalls()
    {
        await using var sut = await ConnectorOnEmulator.StartAsync();
        sut.Admin.SeedPersons(Enumerable.Range(1, 350).Select(Person));
        var emails = Enumerable.Range(1, 350).Select(n => n % 2 == 0 ? Email(n).ToUpperInvariant() : Email(n)).ToList();

        var leads = await sut.Client.GetLeadsByFilterAsync("email", emails, NameFields, CancellationToken.None);

        Assert.Equal(350, leads.Select(l => l.Id).Distinct().Count());
        Assert.Equal(
            Enumerable.Range(1, 350).Select(Email).Order(StringComparer.Ordinal),
            leads.Select(l => l.GetText("email")!).Order(StringComparer.Ordinal));
        Assert.True(sut.RequestCount("GET", LeadsPath) >= 2);
        Assert.Equal(0, sut.Admin.GetCounters().ErrorCalls);
    }

    [Fact]
    public async Task GetLeadsByFilterEmail_300LongEmails_OnePostWithMethodGetFindsEveryPerson()
    {
        await using var sut = await ConnectorOnEmulator.StartAsync();
        string LongEmail(int n) => $"{new string('x', 60)}.{n}@example-company-domain.com";
        sut.Admin.SeedPersons(Enumerable.Range(1, 300).Select(n => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["email"] = LongEmail(n) }));

        var leads = await sut.Client.GetLeadsByFilterAsync("email", Enumerable.Range(1, 300).Select(LongEmail), ["email"], CancellationToken.None);

        // As a query string the 300 addresses pass 8 KB (414); the emulator reads them from the form body.
        Assert.Equal(Enumerable.Range(1, 300).Select(LongEmail).Order(StringComparer.Ordinal), leads.Select(l => l.GetText("email")!).Order(StringComparer.Ordinal));
        Assert.Equal(1, sut.RequestCount("POST", LeadsPath));
        Assert.Equal(0, sut.RequestCount("GET", LeadsPath));
        Assert.Equal(0, sut.Admin.GetCounters().ErrorCalls);
    }

    [Fact]
    public async Task GetLeadsByFilterEmail_LongEmailsOverSeveralPages_FollowsTheTokenInTheForm()
    {
        await using var sut = await ConnectorOnEmulator.StartAsync(new Dictionary<string, string?> { ["BatchSize"] = "100" });
        string LongEmail(int n) => $"{new string('z', 90)}.{n}@example-company-domain.com";
        sut.Admin.SeedPersons(Enumerable.Range(1, 100).Select(n => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["email"] = LongEmail(n) }));
        sut.Admin.SeedPersons(Enumerable.Range(1, 150).Select(_ => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["email"] = LongEmail(1) }));

        var leads = await sut.Client.GetLeadsByFilterAsync("email", Enumerable.Range(1, 100).Select(LongEmail), ["email"], CancellationToken.None);

        // 100 addresses of ~125 characters (12 KB) as a form; 250 persons match, 100 a page: three POSTs.
        Assert.Equal(250, leads.Select(l => l.Id).Distinct().Count());
        Assert.Equal(3, sut.RequestCount("POST", LeadsPath));
        Assert.Equal(0, sut.Admin.GetCounters().ErrorCalls);
    }

    [Fact]
    public async Task GetLeadsByFilterEmail_SharedEmailMatchesMoreThanOnePage_FollowsNextPageToken()
    {
        await using var sut = await ConnectorOnEmulator.StartAsync(new Dictionary<string, string?> { ["BatchSize"] = "100" });
        sut.Admin.SeedPersons(Enumerable.Range(1, 250).Select(_ => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["email"] = "shared@example.com" }));

        var leads = await sut.Client.GetLeadsByFilterAsync("email", ["shared@example.com"], ["email"], CancellationToken.None);

        Assert.Equal(250, leads.Select(l => l.Id).Distinct().Count());
        Assert.Equal(3, sut.RequestCount("GET", LeadsPath));
    }

    [Fact]
    public async Task DescribeLeads_Emulator_ReportsRestNamesTypesLengthsAndReadOnly()
    {
        await using var sut = await ConnectorOnEmulator.StartAsync();

        var fields = (await sut.Client.DescribeLeadsAsync(CancellationToken.None)).ToDictionary(f => f.RestName!);

        Assert.Equal(("email", 255, false), (fields["email"].DataType, fields["email"].Length, fields["email"].ReadOnly));
        Assert.Equal(("string", 255, false), (fields["firstName"].DataType, fields["firstName"].Length, fields["firstName"].ReadOnly));
        Assert.True(fields["id"].ReadOnly);
        Assert.True(fields["updatedAt"].ReadOnly);
        Assert.Equal("datetime", fields["updatedAt"].DataType);
    }
}
