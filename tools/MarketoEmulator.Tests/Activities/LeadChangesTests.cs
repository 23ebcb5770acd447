using System.Text.Json;
using CrmSync.MarketoEmulator.Activities;

namespace CrmSync.MarketoEmulator.Tests.Activities;

/// <summary>
/// Get Paging Token and Get Lead Changes per
/// https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/paging-tokens and
/// https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/activities ("Data value changes").
/// </summary>
public sealed class LeadChangesTests
{
    [Fact]
    public async Task LeadChanges_PagedWithBatchSize_ReturnsNewLeadAndChangeDataValueInOrder()
    {
        await using var sut = await TestEmulator.CreateSut();
        var token = (await sut.GetAsync("rest/v1/activities/pagingtoken.json?sinceDatetime=2025-03-03T00:00:00Z")).Str("nextPageToken");
        var ids = await sut.CreateLeadsAsync(new { email = "a@example.com", firstName = "Ann" }, new { email = "b@example.com" });
        sut.Clock.Advance(TimeSpan.FromMinutes(1));
        await sut.PostAsync("rest/v1/leads.json", new { input = new[] { new { email = "a@example.com", firstName = "Anna", lastName = "Lee" } } });

        var all = new List<JsonElement>();
        var pages = 0;
        bool more;
        do
        {
            var body = await sut.GetAsync($"rest/v1/activities/leadchanges.json?fields=firstName,lastName&batchSize=2&nextPageToken={Uri.EscapeDataString(token)}");
            all.AddRange(body.Results());
            token = body.Str("nextPageToken");
            more = body.GetProperty("moreResult").GetBoolean();
            pages++;
        }
        while (more);

        Assert.Equal(2, pages);
        Assert.Equal([12, 12, 13, 13], all.Select(a => a.GetProperty("activityTypeId").GetInt32()));
        Assert.Equal([ids[0], ids[1], ids[0], ids[0]], all.Select(a => a.GetProperty("leadId").GetInt32()));
        var change = all[2];
        Assert.Equal(change.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), change.Str("marketoGUID"));
        Assert.Equal("2025-03-03T10:01:00Z", change.Str("activityDate"));
        var field = change.GetProperty("fields")[0];
        Assert.Equal(48, field.GetProperty("id").GetInt32());
        Assert.Equal("firstName", field.Str("name"));
        Assert.Equal("Anna", field.Str("newValue"));
        Assert.Equal("Ann", field.Str("oldValue"));
        var attributes = change.GetProperty("attributes").EnumerateArray().ToDictionary(a => a.Str("name"), a => a.GetProperty("value").ToString());
        Assert.Equal("Web service API", attributes["Source"]);
        Assert.Equal("Web service API", attributes["Reason"]);
        Assert.Equal(JsonValueKind.Null, all[3].GetProperty("fields")[0].GetProperty("oldValue").ValueKind);
    }

    [Fact]
    public async Task LeadChanges_FieldsParameter_LeavesOutOtherFields()
    {
        await using var sut = await TestEmulator.CreateSut();
        var token = (await sut.GetAsync("rest/v1/activities/pagingtoken.json?sinceDatetime=2025-03-03T00:00:00Z")).Str("nextPageToken");
        var ids = await sut.CreateLeadsAsync(new { email = "a@example.com" });
        sut.Emulator.Admin.EditPerson(ids[0], new Dictionary<string, object?> { ["city"] = "Oslo", ["title"] = "CTO" });

        var results = (await sut.GetAsync($"rest/v1/activities/leadchanges.json?fields=title&nextPageToken={Uri.EscapeDataString(token)}")).Results();

        Assert.Equal(2, results.Length);
        Assert.Equal("title", results[1].GetProperty("fields")[0].Str("name"));
    }

    [Fact]
    public async Task LeadChanges_MarketerEdit_CarriesUiSourceAndReason()
    {
        await using var sut = await TestEmulator.CreateSut();
        var ids = await sut.CreateLeadsAsync(new { email = "a@example.com", phone = "1" });
        var token = (await sut.GetAsync("rest/v1/activities/pagingtoken.json?sinceDatetime=2025-03-03T10:00:00Z")).Str("nextPageToken");

        var recorded = sut.Emulator.Admin.EditPerson(ids[0], new Dictionary<string, object?> { ["phone"] = "2", ["email"] = "a@example.com" });
        var change = (await sut.GetAsync($"rest/v1/activities/leadchanges.json?fields=phone,email&nextPageToken={Uri.EscapeDataString(token)}"))
            .Results().Single(a => a.GetProperty("activityTypeId").GetInt32() == 13);

        Assert.Single(recorded);
        var attributes = change.GetProperty("attributes").EnumerateArray().ToDictionary(a => a.Str("name"), a => a.GetProperty("value").ToString());
        Assert.Equal("Person Detail", attributes["Source"]);
        Assert.Equal("Changed by user", attributes["Reason"]);
    }

    [Fact]
    public async Task PagingToken_SinceDatetime_SkipsEarlierActivities()
    {
        await using var sut = await TestEmulator.CreateSut();
        await sut.CreateLeadsAsync(new { email = "early@example.com" });
        sut.Clock.Advance(TimeSpan.FromMinutes(30));
        var late = await sut.CreateLeadsAsync(new { email = "late@example.com" });

        var token = (await sut.GetAsync("rest/v1/activities/pagingtoken.json?sinceDatetime=2025-03-03T11:15:00%2B01:00")).Str("nextPageToken");
        var results = (await sut.GetAsync($"rest/v1/activities/leadchanges.json?fields=email&nextPageToken={Uri.EscapeDataString(token)}")).Results();

        Assert.Equal(late[0], Assert.Single(results).GetProperty("leadId").GetInt32());
    }

    [Theory]
    [InlineData("rest/v1/activities/pagingtoken.json", "701")]
    [InlineData("rest/v1/activities/pagingtoken.json?sinceDatetime=yesterday", "704")]
    [InlineData("rest/v1/activities/leadchanges.json?fields=email", "701")]
    [InlineData("rest/v1/activities/leadchanges.json?fields=email&nextPageToken=garbage", "1003")]
    [InlineData("rest/v1/activities/leadchanges.json?fields=nope&nextPageToken=garbage", "1006")]
    public async Task ActivityEndpoints_BadParameters_ReturnDocumentedErrors(string path, string code)
    {
        await using var sut = await TestEmulator.CreateSut();

        Assert.Equal(code, (await sut.GetAsync(path)).ErrorCode());
    }

    [Fact]
    public async Task DeletePerson_RecordsDeleteLeadReadableThroughDeletedLeads()
    {
        await using var sut = await TestEmulator.CreateSut();
        var ids = await sut.CreateLeadsAsync(new { email = "gone@example.com", firstName = "Gone", lastName = "Person" });
        var token = (await sut.GetAsync("rest/v1/activities/pagingtoken.json?sinceDatetime=2025-03-03T00:00:00Z")).Str("nextPageToken");

        Assert.True(sut.Emulator.Admin.DeletePerson(ids[0]));
        var deleted = (await sut.GetAsync($"rest/v1/activities/deletedleads.json?nextPageToken={Uri.EscapeDataString(token)}")).Results();

        Assert.Equal(MarketoActivity.DeleteLead, Assert.Single(deleted).GetProperty("activityTypeId").GetInt32());
        Assert.Equal("Gone Person", deleted[0].Str("primaryAttributeValue"));
        Assert.Empty((await sut.GetAsync($"rest/v1/leads.json?filterType=email&filterValues=gone@example.com")).Results());
    }
}
