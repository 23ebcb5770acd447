using System.Text.Json;

namespace CrmSync.MarketoEmulator.Tests.Opportunities;

/// <summary>
/// The Opportunities and Opportunity Roles APIs per
/// https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/opportunities and
/// .../opportunity-roles: describe, sync by the dedupe fields (createOnly/updateOnly/createOrUpdate) or marketoGUID,
/// get by filter, delete, errors at HTTP 200 with their codes, the 300-record limit, whole-second dates.
/// </summary>
public sealed class OpportunityTests
{
    [Fact]
    public async Task Describe_Opportunity_ReportsMarketoGuidExternalIdAndSearchableFields()
    {
        await using var sut = await TestEmulator.CreateSut();

        var opportunity = (await sut.GetAsync("rest/v1/opportunities/describe.json")).Result();

        Assert.Equal(("opportunity", "marketoGUID"), (opportunity.Str("name"), opportunity.Str("idField")));
        Assert.Equal(["externalOpportunityId"], opportunity.GetProperty("dedupeFields").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["externalOpportunityId", "marketoGUID"], opportunity.GetProperty("searchableFields").EnumerateArray().Select(e => e[0].GetString()));
        var external = opportunity.GetProperty("fields").EnumerateArray().Single(f => f.Str("name") == "externalOpportunityId");
        Assert.Equal((50, false), (external.GetProperty("length").GetInt32(), external.GetProperty("updateable").GetBoolean()));
        Assert.Equal(["currency", "date", "string", "boolean", "boolean"],
            new[] { "amount", "closeDate", "stage", "isClosed", "isWon" }.Select(n => opportunity.GetProperty("fields").EnumerateArray().Single(f => f.Str("name") == n).Str("dataType")));
    }

    [Fact]
    public async Task Describe_Role_ReportsTheThreeDedupeFields()
    {
        await using var sut = await TestEmulator.CreateSut();

        var role = (await sut.GetAsync("rest/v1/opportunities/roles/describe.json")).Result();

        Assert.Equal(("opportunityRole", "marketoGUID"), (role.Str("name"), role.Str("idField")));
        Assert.Equal(["externalOpportunityId", "leadId", "role"], role.GetProperty("dedupeFields").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["marketoGUID", "leadId", "externalOpportunityId"], role.GetProperty("searchableFields").EnumerateArray().Select(e => e[0].GetString()));
    }

    [Fact]
    public async Task Sync_SameExternalIdTwice_CreatesThenUpdatesOneOpportunity()
    {
        await using var sut = await TestEmulator.CreateSut();

        var created = (await sut.PostAsync("rest/v1/opportunities.json", new { input = new[] { new { externalOpportunityId = "opp-1", name = "Renewal", amount = 25000.5, closeDate = "2025-06-30" } } })).Result();
        var updated = (await sut.PostAsync("rest/v1/opportunities.json", new { action = "createOrUpdate", dedupeBy = "dedupeFields", input = new[] { new { externalOpportunityId = "opp-1", isClosed = true, isWon = true } } })).Result();
        var found = (await sut.GetAsync("rest/v1/opportunities.json?filterType=externalOpportunityId&filterValues=opp-1&fields=name,amount,closeDate,isWon,createdAt")).Results();

        Assert.Equal(("created", 0), (created.Str("status"), created.GetProperty("seq").GetInt32()));
        Assert.True(Guid.TryParse(created.Str("marketoGUID"), out _));
        Assert.Equal(("updated", created.Str("marketoGUID")), (updated.Str("status"), updated.Str("marketoGUID")));
        var opportunity = Assert.Single(found);
        Assert.Equal(("Renewal", 25000.5, "2025-06-30", true), (opportunity.Str("name"), opportunity.GetProperty("amount").GetDouble(), opportunity.Str("closeDate"), opportunity.GetProperty("isWon").GetBoolean()));
        Assert.Matches("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$", opportunity.Str("createdAt"));
    }

    [Theory]
    [InlineData("updateOnly", "dedupeFields", """{"externalOpportunityId":"nobody"}""", "1013")]
    [InlineData("createOnly", "dedupeFields", """{"name":"No key"}""", "1002")]
    [InlineData("createOrUpdate", "dedupeFields", """{"externalOpportunityId":"opp-2","nosuchField":"x"}""", "1006")]
    [InlineData("createOrUpdate", "dedupeFields", """{"externalOpportunityId":"opp-2","amount":"lots"}""", "1001")]
    [InlineData("createOrUpdate", "dedupeFields", """{"externalOpportunityId":"opp-2","closeDate":"30/06/2025"}""", "1001")]
    [InlineData("updateOnly", "idField", """{"marketoGUID":"5a0f3f5e-1111-4222-8333-944455556666","name":"x"}""", "1013")]
    [InlineData("createOrUpdate", "dedupeFields", """{"externalOpportunityId":"opp-2","name":"Fine"}""", null)]
    public async Task Sync_BadRecord_IsSkippedWithItsReason(string action, string dedupeBy, string record, string? reason)
    {
        await using var sut = await TestEmulator.CreateSut();

        var result = (await sut.PostAsync("rest/v1/opportunities.json", new { action, dedupeBy, input = new[] { JsonDocument.Parse(record).RootElement } })).Result();

        Assert.Equal(reason is null ? "created" : "skipped", result.Str("status"));
        Assert.Equal(reason, result.ReasonCode());
    }

    [Fact]
    public async Task Sync_CreateOnlyExisting_IsSkipped1017()
    {
        await using var sut = await TestEmulator.CreateSut();
        sut.Emulator.Admin.SeedOpportunity("opp-1", "Renewal");

        var result = (await sut.PostAsync("rest/v1/opportunities.json", new { action = "createOnly", input = new[] { new { externalOpportunityId = "opp-1" } } })).Result();

        Assert.Equal(("skipped", "1017"), (result.Str("status"), result.ReasonCode()));
    }

    [Fact]
    public async Task Sync_MoreThan300Records_Fails1003AtHttp200()
    {
        await using var sut = await TestEmulator.CreateSut();

        var body = await sut.PostAsync("rest/v1/opportunities.json", new { input = Enumerable.Range(0, 301).Select(i => new { externalOpportunityId = $"opp-{i}" }).ToArray() });

        Assert.Equal("1003", body.ErrorCode());
        Assert.Empty(sut.Emulator.Admin.GetOpportunities());
    }

    [Fact]
    public async Task Query_UnsearchableFilterType_Fails1011()
    {
        await using var sut = await TestEmulator.CreateSut();

        Assert.Equal("1011", (await sut.GetAsync("rest/v1/opportunities.json?filterType=name&filterValues=x")).ErrorCode());
    }

    [Fact]
    public async Task Delete_ByExternalId_DeletesOrSkipsWith1013()
    {
        await using var sut = await TestEmulator.CreateSut();
        var id = sut.Emulator.Admin.SeedOpportunity("opp-1", "Renewal");

        var results = (await sut.PostAsync("rest/v1/opportunities/delete.json", new { deleteBy = "dedupeFields", input = new[] { new { externalOpportunityId = "opp-1" }, new { externalOpportunityId = "opp-9" } } })).Results();

        Assert.Equal(("deleted", id.ToString("D")), (results[0].Str("status"), results[0].Str("marketoGUID")));
        Assert.Equal(("skipped", "1013"), (results[1].Str("status"), results[1].ReasonCode()));
        Assert.Empty(sut.Emulator.Admin.GetOpportunities());
    }

    [Fact]
    public async Task Roles_SyncQueryDelete_LinkAPersonToTheOpportunity()
    {
        await using var sut = await TestEmulator.CreateSut();
        sut.Emulator.Admin.SeedOpportunity("opp-1", "Renewal");
        var leads = await sut.CreateLeadsAsync(new { email = "ann@example.com" });

        var created = (await sut.PostAsync("rest/v1/opportunities/roles.json", new { action = "createOrUpdate", dedupeBy = "dedupeFields", input = new[] { new { externalOpportunityId = "opp-1", leadId = leads[0], role = "Decision Maker", isPrimary = true } } })).Result();
        var again = (await sut.PostAsync("rest/v1/opportunities/roles.json", new { input = new[] { new { externalOpportunityId = "opp-1", leadId = leads[0], role = "Decision Maker", isPrimary = false } } })).Result();
        var found = (await sut.GetAsync("rest/v1/opportunities/roles.json?filterType=externalOpportunityId&filterValues=opp-1&fields=leadId,role,isPrimary")).Results();
        var deleted = (await sut.PostAsync("rest/v1/opportunities/roles/delete.json", new { deleteBy = "idField", input = new[] { new { marketoGUID = created.Str("marketoGUID") } } })).Result();

        Assert.Equal(("created", "updated", created.Str("marketoGUID")), (created.Str("status"), again.Str("status"), again.Str("marketoGUID")));
        var role = Assert.Single(found);
        Assert.Equal((leads[0], "Decision Maker", false), (role.GetProperty("leadId").GetInt32(), role.Str("role"), role.GetProperty("isPrimary").GetBoolean()));
        Assert.Equal("deleted", deleted.Str("status"));
        Assert.Empty(sut.Emulator.Admin.GetOpportunityRoles());
    }

    [Theory]
    [InlineData("""{"externalOpportunityId":"opp-1","leadId":999999,"role":"Decision Maker"}""", "1004")]
    [InlineData("""{"externalOpportunityId":"opp-9","leadId":LEAD,"role":"Decision Maker"}""", "1013")]
    [InlineData("""{"externalOpportunityId":"opp-1","leadId":LEAD}""", "1002")]
    [InlineData("""{"externalOpportunityId":"opp-1","leadId":LEAD,"role":"Champion","isPrimary":"maybe"}""", "1001")]
    public async Task Roles_BadRecord_IsSkippedWithItsReason(string record, string reason)
    {
        await using var sut = await TestEmulator.CreateSut();
        sut.Emulator.Admin.SeedOpportunity("opp-1", "Renewal");
        var leads = await sut.CreateLeadsAsync(new { email = "ann@example.com" });

        var result = (await sut.PostAsync("rest/v1/opportunities/roles.json", new { input = new[] { JsonDocument.Parse(record.Replace("LEAD", leads[0].ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)).RootElement } })).Result();

        Assert.Equal(("skipped", reason), (result.Str("status"), result.ReasonCode()));
        Assert.Empty(sut.Emulator.Admin.GetOpportunityRoles());
    }
}
