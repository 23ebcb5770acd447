using System.Text.Json;
using CrmSync.MarketoEmulator.Leads;

namespace CrmSync.MarketoEmulator.Tests.Leads;

/// <summary>
/// Sync Leads per https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/leads
/// ("Create and Update") and the record-level codes 1001–1007 of
/// https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/error-codes.
/// </summary>
public sealed class SyncLeadsTests
{
    [Fact]
    public async Task SyncLeads_CreateOrUpdate_CreatesThenUpdatesSameLead()
    {
        await using var sut = await TestEmulator.CreateSut();

        var created = (await sut.PostAsync("rest/v1/leads.json", new { input = new[] { new { email = "ann@example.com", firstName = "Ann" } } })).Result();
        var updated = (await sut.PostAsync("rest/v1/leads.json", new { input = new[] { new { email = "ANN@example.com", firstName = "Anna" } } })).Result();

        Assert.Equal("created", created.Str("status"));
        Assert.Equal("updated", updated.Str("status"));
        Assert.Equal(created.GetProperty("id").GetInt32(), updated.GetProperty("id").GetInt32());
        Assert.Equal("Anna", sut.Emulator.Admin.GetPerson(created.GetProperty("id").GetInt32())!["firstName"]);
    }

    [Fact]
    public async Task SyncLeads_CreateOnlyExistingEmail_Skips1005()
    {
        await using var sut = await TestEmulator.CreateSut();
        await sut.CreateLeadsAsync(new { email = "a@example.com" });

        var result = (await sut.PostAsync("rest/v1/leads.json", new { action = "createOnly", input = new[] { new { email = "a@example.com" } } })).Result();

        Assert.Equal("skipped", result.Str("status"));
        Assert.Equal("1005", result.ReasonCode());
        Assert.Equal("Lead already exists", result.GetProperty("reasons")[0].Str("message"));
    }

    [Fact]
    public async Task SyncLeads_UpdateOnlyUnknownEmail_Skips1004()
    {
        await using var sut = await TestEmulator.CreateSut();

        var result = (await sut.PostAsync("rest/v1/leads.json", new { action = "updateOnly", input = new[] { new { email = "nobody@example.com" } } })).Result();

        Assert.Equal("1004", result.ReasonCode());
    }

    [Fact]
    public async Task SyncLeads_UpdateOnlyById_UpdatesAndUnknownIdSkips1004()
    {
        await using var sut = await TestEmulator.CreateSut();
        var ids = await sut.CreateLeadsAsync(new { email = "a@example.com" });

        var results = (await sut.PostAsync("rest/v1/leads.json", new
        {
            action = "updateOnly", lookupField = "id",
            input = new object[] { new { id = ids[0], title = "CTO" }, new { id = 999, title = "CEO" } },
        })).Results();

        Assert.Equal("updated", results[0].Str("status"));
        Assert.Equal("1004", results[1].ReasonCode());
        Assert.Equal("CTO", sut.Emulator.Admin.GetPerson(ids[0])!["title"]);
    }

    [Fact]
    public async Task SyncLeads_IdWithCreateOnly_Skips1003()
    {
        await using var sut = await TestEmulator.CreateSut();

        var result = (await sut.PostAsync("rest/v1/leads.json", new { action = "createOnly", input = new[] { new { id = 5, email = "x@example.com" } } })).Result();

        Assert.Equal("1003", result.ReasonCode());
    }

    [Fact]
    public async Task SyncLeads_UnknownField_Skips1006()
    {
        await using var sut = await TestEmulator.CreateSut();

        var result = (await sut.PostAsync("rest/v1/leads.json", new { input = new[] { new { email = "x@example.com", shoeSize = 9 } } })).Result();

        Assert.Equal("1006", result.ReasonCode());
        Assert.Equal("Field 'shoeSize' not found", result.GetProperty("reasons")[0].Str("message"));
    }

    [Fact]
    public async Task SyncLeads_TwoLeadsShareLookupEmail_Skips1007()
    {
        await using var sut = await TestEmulator.CreateSut();
        await sut.PostAsync("rest/v1/leads.json", new { action = "createDuplicate", input = new[] { new { email = "d@example.com" }, new { email = "d@example.com" } } });

        var result = (await sut.PostAsync("rest/v1/leads.json", new { input = new[] { new { email = "d@example.com", city = "Oslo" } } })).Result();

        Assert.Equal("1007", result.ReasonCode());
    }

    [Theory]
    [InlineData("email", "not-an-email", "1003")]
    [InlineData("numberOfEmployees", "many", "1001")]
    [InlineData("unsubscribed", "maybe", "1001")]
    [InlineData("createdAt", "2020-01-01T00:00:00Z", "1003")]
    public async Task SyncLeads_InvalidValue_SkipsWithReason(string field, string value, string code)
    {
        await using var sut = await TestEmulator.CreateSut();

        var record = new Dictionary<string, object> { ["email"] = "v@example.com", [field] = value };
        var result = (await sut.PostAsync("rest/v1/leads.json", new { input = new[] { record } })).Result();

        Assert.Equal(code, result.ReasonCode());
        Assert.Equal(0, sut.Emulator.Admin.PersonCount);
    }

    /// <summary>
    /// A value of the wrong type for the described <c>dataType</c> is record-level error 1001 as Adobe documents it
    /// ("Invalid value '%s'. Required of type '%s'"): HTTP 200, success true, the record "skipped" with that reason.
    /// </summary>
    [Theory]
    [InlineData("numberOfEmployees", "many", "Invalid value 'many'. Required of type 'integer'")]
    [InlineData("numberOfEmployees", "12.5", "Invalid value '12.5'. Required of type 'integer'")]
    [InlineData("annualRevenue", "lots", "Invalid value 'lots'. Required of type 'currency'")]
    [InlineData("unsubscribed", "maybe", "Invalid value 'maybe'. Required of type 'boolean'")]
    [InlineData("doNotCall", "1", "Invalid value '1'. Required of type 'boolean'")]
    [InlineData("dateOfBirth", "31/01/2024", "Invalid value '31/01/2024'. Required of type 'date'")]
    public async Task SyncLeads_WrongTypedValue_Skipped1001WithDocumentedMessage(string field, string value, string message)
    {
        await using var sut = await TestEmulator.CreateSut();
        var id = (await sut.PostAsync("rest/v1/leads.json", new { input = new[] { new { email = "t@example.com" } } })).Result().GetProperty("id").GetInt32();

        var record = new Dictionary<string, object> { ["id"] = id, [field] = value };
        var body = await sut.PostAsync("rest/v1/leads.json", new { action = "updateOnly", lookupField = "id", input = new[] { record } });

        var result = body.Result();
        Assert.Equal("skipped", result.Str("status"));
        var reason = Assert.Single(result.GetProperty("reasons").EnumerateArray());
        Assert.Equal("1001", reason.Str("code"));
        Assert.Equal(message, reason.Str("message"));
        Assert.Null(sut.Emulator.Admin.GetPerson(id)![field]);
    }

    [Fact]
    public async Task SyncLeads_StringLongerThanDescribedLength_Skips1003()
    {
        await using var sut = await TestEmulator.CreateSut();

        var result = (await sut.PostAsync("rest/v1/leads.json", new { input = new[] { new { email = "l@example.com", firstName = new string('x', 256) } } })).Result();

        Assert.Equal("1003", result.ReasonCode());
    }

    [Fact]
    public async Task SyncLeads_MoreThan300Inputs_Returns1003AndWritesNothing()
    {
        await using var sut = await TestEmulator.CreateSut();
        var input = Enumerable.Range(0, 301).Select(i => new { email = $"p{i}@example.com" }).ToArray();

        var body = await sut.PostAsync("rest/v1/leads.json", new { input });

        Assert.Equal("1003", body.ErrorCode());
        Assert.Equal(0, sut.Emulator.Admin.PersonCount);
    }

    [Fact]
    public async Task SyncLeads_InvalidJson_Returns609()
    {
        await using var sut = await TestEmulator.CreateSut();
        using var request = new HttpRequestMessage(HttpMethod.Post, "rest/v1/leads.json") { Content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", await sut.TokenAsync());

        using var response = await sut.Http.SendAsync(request);

        Assert.Equal("609", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.ErrorCode());
    }

    [Fact]
    public async Task SyncLeads_CustomFieldFromOptions_IsWritableAndValidated()
    {
        await using var sut = await TestEmulator.CreateSut(o => o.CustomFields.Add(new MarketoFieldDefinition(0, "crmsyncId", "CrmSync Id", "string", 36)));

        var results = (await sut.PostAsync("rest/v1/leads.json", new
        {
            input = new object[] { new { email = "c@example.com", crmsyncId = "abc" }, new { email = "d@example.com", crmsyncId = new string('z', 37) } },
        })).Results();

        Assert.Equal("created", results[0].Str("status"));
        Assert.Equal("1003", results[1].ReasonCode());
    }
}
