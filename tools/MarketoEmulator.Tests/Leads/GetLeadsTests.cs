using CrmSync.MarketoEmulator.Leads;

namespace CrmSync.MarketoEmulator.Tests.Leads;

/// <summary>
/// Get Leads by Filter Type, Get Lead by Id and Describe per
/// https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/leads.
/// </summary>
public sealed class GetLeadsTests
{
    [Fact]
    public async Task Describe_ReportsStandardAndCustomFieldsInDocumentedShape()
    {
        await using var sut = await TestEmulator.CreateSut(o => o.CustomFields.Add(new MarketoFieldDefinition(0, "crmsyncId", "CrmSync Id", "string", 36)));

        var fields = (await sut.GetAsync("rest/v1/leads/describe.json")).Results();

        var company = fields.Single(f => f.GetProperty("rest").Str("name") == "company");
        Assert.Equal(2, company.GetProperty("id").GetInt32());
        Assert.Equal("Company Name", company.Str("displayName"));
        Assert.Equal("string", company.Str("dataType"));
        Assert.Equal(255, company.GetProperty("length").GetInt32());
        Assert.False(company.GetProperty("rest").GetProperty("readOnly").GetBoolean());
        Assert.True(fields.Single(f => f.GetProperty("rest").Str("name") == "updatedAt").GetProperty("rest").GetProperty("readOnly").GetBoolean());
        Assert.Equal("email", fields.Single(f => f.GetProperty("rest").Str("name") == "email").Str("dataType"));
        Assert.Equal(36, fields.Single(f => f.GetProperty("rest").Str("name") == "crmsyncId").GetProperty("length").GetInt32());
        foreach (var name in new[] { "id", "firstName", "lastName", "phone", "mobilePhone", "title", "city", "state", "postalCode", "country", "createdAt", "unsubscribed" })
        {
            Assert.Contains(fields, f => f.GetProperty("rest").Str("name") == name);
        }
    }

    [Fact]
    public async Task GetLeads_FilterByEmail_IsCaseInsensitiveAndReturnsDefaultFields()
    {
        await using var sut = await TestEmulator.CreateSut();
        await sut.CreateLeadsAsync(new { email = "Abe@usa.gov", firstName = "Abraham", lastName = "Lincoln", city = "Springfield" });

        var lead = (await sut.GetAsync("rest/v1/leads.json?filterType=email&filterValues=abe@USA.gov")).Result();

        Assert.Equal("Abraham", lead.Str("firstName"));
        Assert.Equal("Lincoln", lead.Str("lastName"));
        Assert.Equal("Abe@usa.gov", lead.Str("email"));
        Assert.Equal("2025-03-03T10:00:00Z", lead.Str("createdAt"));
        Assert.False(lead.TryGetProperty("city", out _));
    }

    [Fact]
    public async Task GetLeads_FieldsParameter_ReturnsThoseFields()
    {
        await using var sut = await TestEmulator.CreateSut();
        var ids = await sut.CreateLeadsAsync(new { email = "a@example.com", city = "Oslo", unsubscribed = true, numberOfEmployees = 12 });

        var lead = (await sut.GetAsync($"rest/v1/leads.json?filterType=id&filterValues={ids[0]}&fields=city,unsubscribed,numberOfEmployees")).Result();

        Assert.Equal("Oslo", lead.Str("city"));
        Assert.True(lead.GetProperty("unsubscribed").GetBoolean());
        Assert.Equal(12, lead.GetProperty("numberOfEmployees").GetInt32());
        Assert.Equal(ids[0], lead.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task GetLeads_UnknownField_Returns1006AndNonSearchableFilter_Returns1011()
    {
        await using var sut = await TestEmulator.CreateSut();

        Assert.Equal("1006", (await sut.GetAsync("rest/v1/leads.json?filterType=id&filterValues=1&fields=bogus")).ErrorCode());
        Assert.Equal("1011", (await sut.GetAsync("rest/v1/leads.json?filterType=firstName&filterValues=Ann")).ErrorCode());
    }

    [Fact]
    public async Task GetLeads_MoreThan300FilterValues_Returns1003()
    {
        await using var sut = await TestEmulator.CreateSut();
        var values = string.Join(',', Enumerable.Range(1, 301));

        var body = await sut.SendAsync(HttpMethod.Post, $"rest/v1/leads.json?_method=GET", null);
        Assert.Equal("701", body.ErrorCode());

        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["filterType"] = "id", ["filterValues"] = values });
        using var request = new HttpRequestMessage(HttpMethod.Post, "rest/v1/leads.json?_method=GET") { Content = form };
        request.Headers.Authorization = new("Bearer", await sut.TokenAsync());
        using var response = await sut.Http.SendAsync(request);
        var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("1003", json.ErrorCode());
    }

    [Fact]
    public async Task GetLeads_BatchSize_PagesWithPositionToken()
    {
        await using var sut = await TestEmulator.CreateSut();
        var ids = await sut.CreateLeadsAsync(Enumerable.Range(1, 5).Select(i => (object)new { email = $"p{i}@example.com" }).ToArray());
        var path = $"rest/v1/leads.json?filterType=id&filterValues={string.Join(',', ids)}&batchSize=2";

        var seen = new List<int>();
        var body = await sut.GetAsync(path);
        var pages = 1;
        seen.AddRange(body.Results().Select(r => r.GetProperty("id").GetInt32()));
        while (body.TryGetProperty("moreResult", out var more) && more.GetBoolean())
        {
            body = await sut.GetAsync(path + "&nextPageToken=" + Uri.EscapeDataString(body.Str("nextPageToken")));
            seen.AddRange(body.Results().Select(r => r.GetProperty("id").GetInt32()));
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal(ids, seen);
    }

    [Fact]
    public async Task GetLeadById_KnownAndUnknown_ReturnsOneOrNone()
    {
        await using var sut = await TestEmulator.CreateSut();
        var ids = await sut.CreateLeadsAsync(new { email = "a@example.com" });

        Assert.Single((await sut.GetAsync($"rest/v1/lead/{ids[0]}.json")).Results());
        Assert.Empty((await sut.GetAsync("rest/v1/lead/4242.json")).Results());
    }
}
