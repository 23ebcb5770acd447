namespace CrmSync.MarketoEmulator.Tests.Companies;

/// <summary>
/// The Companies API per https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/companies:
/// describe, sync by externalCompanyId (dedupeFields) or id (idField), query, delete, errors at HTTP 200 and the 300-record
/// limit; a person whose externalCompanyId names a company shows its fields.
/// </summary>
public sealed class CompanyTests
{
    [Fact]
    public async Task Describe_ReportsIdFieldDedupeFieldsAndSearchableFields()
    {
        await using var sut = await TestEmulator.CreateSut();

        var company = (await sut.GetAsync("rest/v1/companies/describe.json")).Result();

        Assert.Equal(("Company", "id"), (company.Str("name"), company.Str("idField")));
        Assert.Equal(["externalCompanyId"], company.GetProperty("dedupeFields").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["externalCompanyId", "id", "company"], company.GetProperty("searchableFields").EnumerateArray().Select(e => e[0].GetString()));
        var external = company.GetProperty("fields").EnumerateArray().Single(f => f.Str("name") == "externalCompanyId");
        Assert.Equal((100, false), (external.GetProperty("length").GetInt32(), external.GetProperty("updateable").GetBoolean()));
    }

    [Fact]
    public async Task Sync_SameExternalIdTwice_CreatesThenUpdatesOneCompany()
    {
        await using var sut = await TestEmulator.CreateSut();

        var created = (await sut.PostAsync("rest/v1/companies.json", new { input = new[] { new { externalCompanyId = "acc-1", company = "Contoso", numberOfEmployees = 10 } } })).Result();
        var updated = (await sut.PostAsync("rest/v1/companies.json", new { action = "createOrUpdate", dedupeBy = "dedupeFields", input = new[] { new { externalCompanyId = "acc-1", company = "Contoso Group" } } })).Result();
        var found = (await sut.GetAsync("rest/v1/companies.json?filterType=externalCompanyId&filterValues=acc-1&fields=company,numberOfEmployees")).Results();

        Assert.Equal(("created", 0), (created.Str("status"), created.GetProperty("seq").GetInt32()));
        Assert.Equal(("updated", created.GetProperty("id").GetInt32()), (updated.Str("status"), updated.GetProperty("id").GetInt32()));
        var company = Assert.Single(found);
        Assert.Equal(("Contoso Group", 10), (company.Str("company"), company.GetProperty("numberOfEmployees").GetInt32()));
    }

    [Theory]
    [InlineData("updateOnly", "dedupeFields", """{"externalCompanyId":"nobody"}""", "1013")]
    [InlineData("createOnly", "dedupeFields", """{"company":"No key"}""", "1002")]
    [InlineData("createOrUpdate", "dedupeFields", """{"externalCompanyId":"acc-2","nosuchField":"x"}""", "1006")]
    [InlineData("createOrUpdate", "dedupeFields", """{"externalCompanyId":"acc-2","id":5}""", null)]
    [InlineData("updateOnly", "idField", """{"id":999,"company":"x"}""", "1013")]
    public async Task Sync_BadRecord_IsSkippedWithItsReason(string action, string dedupeBy, string record, string? reason)
    {
        await using var sut = await TestEmulator.CreateSut();

        var result = (await sut.PostAsync("rest/v1/companies.json", new { action, dedupeBy, input = new[] { System.Text.Json.JsonDocument.Parse(record).RootElement } })).Result();

        Assert.Equal(reason is null ? "created" : "skipped", result.Str("status"));
        Assert.Equal(reason, result.ReasonCode());
    }

    [Fact]
    public async Task Sync_MoreThan300Records_Fails1003AtHttp200()
    {
        await using var sut = await TestEmulator.CreateSut();

        var body = await sut.PostAsync("rest/v1/companies.json", new { input = Enumerable.Range(0, 301).Select(i => new { externalCompanyId = $"acc-{i}" }).ToArray() });

        Assert.Equal("1003", body.ErrorCode());
        Assert.Empty(sut.Emulator.Admin.GetCompanies());
    }

    [Fact]
    public async Task Query_UnsearchableFilterType_Fails1011()
    {
        await using var sut = await TestEmulator.CreateSut();

        Assert.Equal("1011", (await sut.GetAsync("rest/v1/companies.json?filterType=industry&filterValues=x")).ErrorCode());
    }

    [Fact]
    public async Task Delete_ByExternalId_DeletesOrSkipsWith1013()
    {
        await using var sut = await TestEmulator.CreateSut();
        var id = sut.Emulator.Admin.SeedCompany("acc-1", "Contoso");

        var results = (await sut.PostAsync("rest/v1/companies/delete.json", new { deleteBy = "dedupeFields", input = new[] { new { externalCompanyId = "acc-1" }, new { externalCompanyId = "acc-9" } } })).Results();

        Assert.Equal(("deleted", id), (results[0].Str("status"), results[0].GetProperty("id").GetInt32()));
        Assert.Equal(("skipped", "1013"), (results[1].Str("status"), results[1].ReasonCode()));
        Assert.Empty(sut.Emulator.Admin.GetCompanies());
    }

    [Fact]
    public async Task GetLeads_PersonWithExternalCompanyId_ShowsTheCompanysFields()
    {
        await using var sut = await TestEmulator.CreateSut();
        sut.Emulator.Admin.SeedCompany("acc-1", "Contoso");
        var ids = await sut.CreateLeadsAsync(new { email = "ann@example.com", company = "Own value", externalCompanyId = "acc-1" }, new { email = "bob@example.com", company = "Bob's own" });

        var leads = (await sut.GetAsync($"rest/v1/leads.json?filterType=id&filterValues={ids[0]},{ids[1]}&fields=company,externalCompanyId")).Results();

        Assert.Equal(("Contoso", "acc-1"), (leads[0].Str("company"), leads[0].Str("externalCompanyId")));
        Assert.Equal("Bob's own", leads[1].Str("company"));
    }
}
