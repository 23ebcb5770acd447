using System.Text.Json;

namespace CrmSync.MarketoEmulator.Tests.Activities;

/// <summary>
/// Custom activity types and Add Custom Activities per
/// https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/activities
/// ("Custom Activity Types", "Add Custom Activities"); 709 from the error codes page.
/// </summary>
public sealed class CustomActivityTests
{
    private static readonly object SyncResultType = new
    {
        apiName = "crmsyncSyncResult", name = "CrmSync Sync Result", description = "A sync result", triggerName = "Gets CrmSync Sync Result",
        filterName = "Got CrmSync Sync Result", primaryAttribute = new { apiName = "outcome", name = "Outcome", description = "Outcome" },
    };

    [Fact]
    public async Task CreateType_StartsAsDraftAndApproveMakesItApproved()
    {
        await using var sut = await TestEmulator.CreateSut();

        var created = (await sut.PostAsync("rest/v1/activities/external/type.json", SyncResultType)).Result();
        var approved = (await sut.PostAsync("rest/v1/activities/external/type/crmsyncSyncResult/approve.json", new { })).Result();
        var listed = (await sut.GetAsync("rest/v1/activities/external/types.json")).Result();

        Assert.Equal("draft", created.Str("status"));
        Assert.Equal("string", created.GetProperty("primaryAttribute").Str("dataType"));
        Assert.Equal("approved", approved.Str("status"));
        Assert.Equal(100001, listed.GetProperty("id").GetInt32());
        Assert.Equal("crmsyncSyncResult", listed.Str("apiName"));
        Assert.Equal("approved", listed.Str("status"));
    }

    [Fact]
    public async Task Approve_AlreadyApproved_Returns709AndDuplicateCreate_Returns1017()
    {
        await using var sut = await TestEmulator.CreateSut();
        await sut.PostAsync("rest/v1/activities/external/type.json", SyncResultType);
        await sut.PostAsync("rest/v1/activities/external/type/crmsyncSyncResult/approve.json", new { });

        Assert.Equal("709", (await sut.PostAsync("rest/v1/activities/external/type/crmsyncSyncResult/approve.json", new { })).ErrorCode());
        Assert.Equal("1017", (await sut.PostAsync("rest/v1/activities/external/type.json", SyncResultType)).ErrorCode());
    }

    [Fact]
    public async Task AddActivity_ApprovedType_IsReadBackThroughGetLeadActivities()
    {
        await using var sut = await TestEmulator.CreateSut();
        var ids = await sut.CreateLeadsAsync(new { email = "a@example.com" });
        await sut.PostAsync("rest/v1/activities/external/type.json", SyncResultType);
        await sut.PostAsync("rest/v1/activities/external/type/crmsyncSyncResult/attributes/create.json",
            new { attributes = new[] { new { apiName = "errorMessage", name = "Error Message", description = "Why", dataType = "text" } } });
        await sut.PostAsync("rest/v1/activities/external/type/crmsyncSyncResult/approve.json", new { });
        var token = (await sut.GetAsync("rest/v1/activities/pagingtoken.json?sinceDatetime=2025-03-03T00:00:00Z")).Str("nextPageToken");

        var results = (await sut.PostAsync("rest/v1/activities/external.json", new
        {
            input = new object[]
            {
                new { leadId = ids[0], activityDate = "2025-03-03T09:00:00Z", activityTypeId = 100001, primaryAttributeValue = "Rejected",
                    attributes = new[] { new { apiName = "errorMessage", value = "0x80040265: email required" } } },
                new { leadId = 9999, activityDate = "2025-03-03T09:00:00Z", activityTypeId = 100001, primaryAttributeValue = "Rejected", attributes = Array.Empty<object>() },
                new { leadId = ids[0], activityDate = "2025-03-03T09:00:00Z", activityTypeId = 100001, primaryAttributeValue = "Rejected",
                    attributes = new[] { new { apiName = "nope", value = "x" } } },
            },
        })).Results();
        var read = (await sut.GetAsync($"rest/v1/activities.json?activityTypeIds=100001&nextPageToken={Uri.EscapeDataString(token)}")).Results();

        Assert.Equal("added", results[0].Str("status"));
        Assert.Equal("skipped", results[1].Str("status"));
        Assert.Equal("1004", results[1].GetProperty("errors")[0].Str("code"));
        Assert.Equal("1006", results[2].GetProperty("errors")[0].Str("code"));
        var activity = Assert.Single(read);
        Assert.Equal(results[0].Str("marketoGUID"), activity.Str("marketoGUID"));
        Assert.Equal(ids[0], activity.GetProperty("leadId").GetInt32());
        Assert.Equal("2025-03-03T09:00:00Z", activity.Str("activityDate"));
        Assert.Equal("Rejected", activity.Str("primaryAttributeValue"));
        var attribute = activity.GetProperty("attributes")[0];
        Assert.Equal("Error Message", attribute.Str("name"));
        Assert.Equal("0x80040265: email required", attribute.Str("value"));
    }

    [Fact]
    public async Task AddActivity_DraftType_IsSkipped()
    {
        await using var sut = await TestEmulator.CreateSut();
        var ids = await sut.CreateLeadsAsync(new { email = "a@example.com" });
        await sut.PostAsync("rest/v1/activities/external/type.json", SyncResultType);

        var result = (await sut.PostAsync("rest/v1/activities/external.json", new
        {
            input = new[] { new { leadId = ids[0], activityDate = "2025-03-03T09:00:00Z", activityTypeId = 100001, primaryAttributeValue = "x", attributes = Array.Empty<object>() } },
        })).Result();

        Assert.Equal("skipped", result.Str("status"));
        Assert.Equal(JsonValueKind.Array, result.GetProperty("errors").ValueKind);
    }

    [Fact]
    public async Task GetLeadActivities_ChangeDataValue_CarriesNewAndOldValueAttributes()
    {
        await using var sut = await TestEmulator.CreateSut();
        var ids = await sut.CreateLeadsAsync(new { email = "a@example.com", city = "Bergen" });
        var token = (await sut.GetAsync("rest/v1/activities/pagingtoken.json?sinceDatetime=2025-03-03T00:00:00Z")).Str("nextPageToken");
        sut.Emulator.Admin.EditPerson(ids[0], new Dictionary<string, object?> { ["city"] = "Oslo" });

        var activity = Assert.Single((await sut.GetAsync($"rest/v1/activities.json?activityTypeIds=13&leadIds={ids[0]}&nextPageToken={Uri.EscapeDataString(token)}")).Results());

        Assert.Equal("City", activity.Str("primaryAttributeValue"));
        var attributes = activity.GetProperty("attributes").EnumerateArray().ToDictionary(a => a.Str("name"), a => a.GetProperty("value").ToString());
        Assert.Equal("Oslo", attributes["New Value"]);
        Assert.Equal("Bergen", attributes["Old Value"]);
    }
}
