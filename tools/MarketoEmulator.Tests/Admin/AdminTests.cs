using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CrmSync.MarketoEmulator.Tests.Admin;

public sealed class AdminTests
{
    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://localhost:0")]
    [InlineData("http://10.1.2.3:5556")]
    [InlineData("http://[::1]:0")]
    public async Task StartAsync_NonLoopbackUrl_Throws(string url)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => MarketoEmulator.StartAsync(new MarketoEmulatorOptions { Url = url }));
    }

    [Fact]
    public async Task StartAsync_Default_BindsLoopbackOnFreePort()
    {
        await using var sut = await TestEmulator.CreateSut();

        var uri = new Uri(sut.Emulator.BaseUrl);
        Assert.Equal("127.0.0.1", uri.Host);
        Assert.NotEqual(0, uri.Port);
        Assert.Equal(sut.Emulator.BaseUrl + "/rest", sut.Emulator.RestUrl);
        Assert.Equal(sut.Emulator.BaseUrl + "/identity", sut.Emulator.IdentityUrl);
    }

    [Fact]
    public async Task SeedPerson_InvalidValue_ThrowsWithMarketoMessage()
    {
        await using var sut = await TestEmulator.CreateSut();

        var e = Assert.Throws<ArgumentException>(() => sut.Emulator.Admin.SeedPerson(new Dictionary<string, object?> { ["bogus"] = "x" }));

        Assert.StartsWith("Field 'bogus' not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeedPersons_WithoutActivities_AreFoundByEmailCaseInsensitively()
    {
        await using var sut = await TestEmulator.CreateSut();

        var ids = sut.Emulator.Admin.SeedPersons([
            new Dictionary<string, object?> { ["email"] = "One@example.com", ["leadScore"] = 5 },
            new Dictionary<string, object?> { ["email"] = "two@example.com", ["unsubscribed"] = true },
        ]);

        Assert.Equal([1, 2], ids);
        Assert.Equal(5L, sut.Emulator.Admin.FindPersonsByEmail("one@EXAMPLE.com").Single()["leadScore"]);
        Assert.Equal(0, sut.Emulator.Admin.ActivityCount);
    }

    [Fact]
    public async Task RequestLog_RecordsCallsWithCodesAndWithoutSecrets()
    {
        await using var sut = await TestEmulator.CreateSut();
        var token = await sut.TokenAsync();
        await sut.GetAsync("rest/v1/leads.json?filterType=firstName&filterValues=x");
        await sut.Http.GetAsync($"rest/v1/leads/describe.json?access_token={token}");

        var log = sut.Emulator.Admin.GetRequestLog();
        var counters = sut.Emulator.Admin.GetCounters();

        Assert.Equal(3, log.Count);
        Assert.DoesNotContain(log, e => e.Query.Contains("secret", StringComparison.Ordinal) || e.Query.Contains(token, StringComparison.Ordinal));
        Assert.Equal("/rest/v1/leads.json", log[1].Path);
        Assert.Equal("GET", log[1].Method);
        Assert.Equal("?filterType=firstName&filterValues=x", log[1].Query);
        Assert.Equal(200, log[1].StatusCode);
        Assert.Equal("1011", log[1].ErrorCode);
        Assert.Null(log[2].ErrorCode);
        Assert.Equal((2, 1, 1, 1), (counters.TotalCalls, counters.SuccessfulCalls, counters.ErrorCalls, counters.TokenRequests));
    }

    [Fact]
    public async Task AdminHttp_SeedEditReadDelete_WorksWithoutToken()
    {
        await using var sut = await TestEmulator.CreateSut();
        var http = sut.Http;

        var seeded = await http.PostAsJsonAsync("_emulator/persons", new { persons = new[] { new { email = "h@example.com", firstName = "H" } } });
        var ids = await seeded.Content.ReadFromJsonAsync<int[]>();
        var edit = await http.PostAsJsonAsync($"_emulator/persons/{ids![0]}/edit", new { changes = new { firstName = "Hal" }, source = "Smart Campaign" });
        var edited = await edit.Content.ReadFromJsonAsync<JsonElement>();
        var person = await http.GetFromJsonAsync<JsonElement>($"_emulator/persons?email=H@EXAMPLE.COM");
        var badEdit = await http.PostAsJsonAsync($"_emulator/persons/{ids[0]}/edit", new { changes = new { nope = 1 } });
        var deleted = await http.DeleteAsync($"_emulator/persons/{ids[0]}");
        var missing = await http.GetAsync($"_emulator/persons/{ids[0]}");

        Assert.Equal("Smart Campaign", edited[0].GetProperty("attributes").EnumerateArray().Single(a => a.Str("name") == "Source").Str("value"));
        Assert.Equal("Hal", person[0].GetProperty("fields").Str("firstName"));
        Assert.Equal(HttpStatusCode.BadRequest, badEdit.StatusCode);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(0, sut.Emulator.Admin.GetCounters().TotalCalls);
    }

    [Fact]
    public async Task AdminHttp_PutFaultsAndLimits_ChangeBehaviour()
    {
        await using var sut = await TestEmulator.CreateSut();

        (await sut.Http.PutAsJsonAsync("_emulator/faults", new { rate = 1.0, kinds = "SystemError" })).EnsureSuccessStatusCode();
        var faulted = await sut.GetAsync("rest/v1/leads/describe.json");
        (await sut.Http.PutAsJsonAsync("_emulator/faults", new { rate = 0.0 })).EnsureSuccessStatusCode();
        (await sut.Http.PutAsJsonAsync("_emulator/limits", new { dailyQuota = 1 })).EnsureSuccessStatusCode();
        var ok = await sut.GetAsync("rest/v1/leads/describe.json");
        var quota = await sut.GetAsync("rest/v1/leads/describe.json");

        Assert.Equal("611", faulted.ErrorCode());
        Assert.Null(ok.ErrorCode());
        Assert.Equal("607", quota.ErrorCode());
    }
}
