using CrmSync.MarketoEmulator.Activities;

namespace CrmSync.MarketoEmulator.Tests.Leads;

/// <summary>
/// Merge Leads (<c>POST /rest/v1/leads/{id}/merge.json</c>) per
/// https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/leads and the Merge Leads
/// activity (type 32) per .../lead-database/activities.
/// </summary>
public sealed class MergeLeadsTests
{
    [Fact]
    public async Task Merge_LeadId_WinnerKeepsItsValuesTakesBlanksLoserIsGone()
    {
        await using var sut = await TestEmulator.CreateSut();
        var ids = await sut.CreateLeadsAsync(
            new { email = "winner@example.com", firstName = "Wendy", title = "CEO" },
            new { email = "loser@example.com", firstName = "Lou", title = "Intern", city = "Oslo" });

        var body = await sut.PostAsync($"rest/v1/leads/{ids[0]}/merge.json?leadId={ids[1]}", new { });

        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.False(body.TryGetProperty("result", out _));
        var winner = sut.Emulator.Admin.GetPerson(ids[0])!;
        Assert.Equal(("winner@example.com", "Wendy", "CEO", "Oslo"), (winner.Email, winner["firstName"], winner["title"], winner["city"]));
        Assert.Null(sut.Emulator.Admin.GetPerson(ids[1]));
        Assert.Equal(1, sut.Emulator.Admin.PersonCount);
    }

    [Fact]
    public async Task Merge_Succeeded_RecordsMergeLeadsActivityOnWinnerInTheFeed()
    {
        await using var sut = await TestEmulator.CreateSut();
        var ids = await sut.CreateLeadsAsync(new { email = "w@example.com" }, new { email = "l1@example.com" }, new { email = "l2@example.com" });
        var token = (await sut.GetAsync("rest/v1/activities/pagingtoken.json?sinceDatetime=2025-03-03T00:00:00Z")).GetProperty("nextPageToken").GetString();

        await sut.PostAsync($"rest/v1/leads/{ids[0]}/merge.json?leadIds={ids[1]},{ids[2]}", new { });
        var activity = (await sut.GetAsync($"rest/v1/activities.json?activityTypeIds=32&nextPageToken={token}")).Result();
        var types = (await sut.GetAsync("rest/v1/activities/types.json")).Results();

        Assert.Equal(ids[0], activity.GetProperty("leadId").GetInt32());
        Assert.Equal(32, activity.GetProperty("activityTypeId").GetInt32());
        var mergeIds = activity.GetProperty("attributes").EnumerateArray().Single(a => a.Str("name") == "Merge ids").GetProperty("value");
        Assert.Equal([ids[1], ids[2]], mergeIds.EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal("Merge Leads", types.Single(t => t.GetProperty("id").GetInt32() == MarketoActivity.MergeLeads).Str("name"));
    }

    [Theory]
    [InlineData("leadId=999", "1004")]
    [InlineData("", "1002")]
    [InlineData("leadIds=2,3,4,5", "1003")]
    [InlineData("leadId=1", "1003")]
    [InlineData("leadId=x", "1001")]
    public async Task Merge_BadRequest_FailsAtHttp200WithDocumentedCodeAndChangesNothing(string query, string code)
    {
        await using var sut = await TestEmulator.CreateSut();
        await sut.CreateLeadsAsync(new { email = "a@example.com" }, new { email = "b@example.com" }, new { email = "c@example.com" },
            new { email = "d@example.com" }, new { email = "e@example.com" });

        var response = await sut.SendRawAsync(HttpMethod.Post, $"rest/v1/leads/1/merge.json?{query}", new { });
        var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Equal(code, body.ErrorCode());
        Assert.Equal(5, sut.Emulator.Admin.PersonCount);
    }
}
