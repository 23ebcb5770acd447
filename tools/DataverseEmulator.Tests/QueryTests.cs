using System.Net;
using System.Text.Json;
using CrmSync.DataverseEmulator.Tests.Support;

namespace CrmSync.DataverseEmulator.Tests;

/// <summary>
/// Query options and paging:
/// https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/filter-rows,
/// https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/order-rows,
/// https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/count-rows,
/// https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/page-results.
/// </summary>
public sealed class QueryTests
{
    private static async Task<(DataverseEmulator, EmulatorClient)> SeededAsync(int count)
    {
        var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        emulator.Admin.BulkInsert("contact", Enumerable.Range(1, count).Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["firstname"] = $"Person{i:D3}",
            ["lastname"] = i % 2 == 0 ? "Even" : "Odd",
            ["emailaddress1"] = $"p{i}@example.com",
            ["numberofchildren"] = i,
        }));
        return (emulator, new EmulatorClient(emulator, EmulatorClient.SyncToken));
    }

    private static List<string> Names(JsonElement page) =>
        page.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("firstname").GetString()!).ToList();

    [Fact]
    public async Task Query_FilterSelectOrderTop_ReturnsMatchingRowsInOrder()
    {
        var (emulator, client) = await SeededAsync(20);
        await using var owner = emulator;
        using var c = client;

        var page = await client.GetJsonAsync("contacts?$select=firstname,lastname&$filter=lastname eq 'even' and numberofchildren gt 10&$orderby=numberofchildren desc&$top=3");

        Assert.EndsWith("$metadata#contacts(firstname,lastname)", page.GetProperty("@odata.context").GetString());
        Assert.Equal(["Person020", "Person018", "Person016"], Names(page));
        Assert.False(page.GetProperty("value")[0].TryGetProperty("emailaddress1", out _));
    }

    [Theory]
    [InlineData("contains(firstname,'son01')", 10)]
    [InlineData("startswith(emailaddress1,'p1')", 11)]
    [InlineData("emailaddress1 eq 'p7@example.com'", 1)]
    [InlineData("lastname ne 'Odd' or numberofchildren le 2", 11)]
    [InlineData("jobtitle eq null", 20)]
    [InlineData("jobtitle ne null", 0)]
    public async Task Query_FilterOperators_CountMatches(string filter, int expected)
    {
        var (emulator, client) = await SeededAsync(20);
        await using var owner = emulator;
        using var c = client;

        var page = await client.GetJsonAsync($"contacts?$select=firstname&$filter={filter}");

        Assert.Equal(expected, page.GetProperty("value").GetArrayLength());
    }

    [Fact]
    public async Task Query_MaxPageSize_PagesWithAbsoluteNextLinkUntilDone()
    {
        var (emulator, client) = await SeededAsync(25);
        await using var owner = emulator;
        using var c = client;
        var seen = new List<string>();
        string? url = "contacts?$select=firstname&$count=true";
        var pages = 0;

        while (url is not null)
        {
            using var response = await client.SendAsync(HttpMethod.Get, url, null, ("Prefer", "odata.maxpagesize=10"));
            Assert.Equal("odata.maxpagesize=10", response.Headers.GetValues("Preference-Applied").Single());
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(25, page.GetProperty("@odata.count").GetInt32());
            seen.AddRange(Names(page));
            url = page.TryGetProperty("@odata.nextLink", out var next) ? next.GetString() : null;
            Assert.True(url is null || url.StartsWith(emulator.ApiUrl.ToString(), StringComparison.Ordinal));
            Assert.True(url is null || url.Contains("$skiptoken=", StringComparison.Ordinal));
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal(25, seen.Distinct().Count());
    }

    [Fact]
    public async Task Query_OrderedPaging_KeepsOrderAcrossPages()
    {
        var (emulator, client) = await SeededAsync(7);
        await using var owner = emulator;
        using var c = client;

        var first = await client.GetJsonAsync("contacts?$select=firstname&$orderby=firstname desc", ("Prefer", "odata.maxpagesize=4"));
        var second = await client.GetJsonAsync(first.GetProperty("@odata.nextLink").GetString()!, ("Prefer", "odata.maxpagesize=4"));

        Assert.Equal(["Person007", "Person006", "Person005", "Person004"], Names(first));
        Assert.Equal(["Person003", "Person002", "Person001"], Names(second));
        Assert.False(second.TryGetProperty("@odata.nextLink", out _));
    }

    [Fact]
    public async Task Query_OrderedByPrimaryKey_PagesEveryRowOnceInIdOrder_EvenWhenRowsAreAddedWhilePaging()
    {
        // How a client streams a whole table: $orderby=contactid asc, page by page with the paging cookie.
        var (emulator, client) = await SeededAsync(25);
        await using var owner = emulator;
        using var c = client;

        var ids = new List<Guid>();
        var link = "contacts?$select=contactid&$filter=lastname eq 'Odd' or lastname eq 'Even'&$orderby=contactid asc";
        var pages = 0;
        while (link is not null)
        {
            var page = await client.GetJsonAsync(link, ("Prefer", "odata.maxpagesize=4"));
            ids.AddRange(page.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("contactid").GetGuid()));
            link = page.TryGetProperty("@odata.nextLink", out var next) ? next.GetString() : null;
            if (++pages == 2)
            {
                // Inserted mid-stream: a row after the cursor is still served, one before it is not served twice.
                await client.CreateAsync("contacts", new { contactid = Guid.Parse("ffffffff-ffff-ffff-ffff-fffffffffff0"), lastname = "Odd" });
            }
        }

        Assert.Equal(26, ids.Count);
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Contains(Guid.Parse("ffffffff-ffff-ffff-ffff-fffffffffff0"), ids);
    }

    [Fact]
    public async Task Query_UnknownColumn_Returns400()
    {
        var (emulator, client) = await SeededAsync(1);
        await using var owner = emulator;
        using var c = client;

        using var response = await client.SendAsync(HttpMethod.Get, "contacts?$select=nosuchcolumn");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("0x80060888", (await EmulatorClient.ErrorAsync(response)).Code);
    }

    [Fact]
    public async Task Query_FilterOnLookupValue_MatchesByGuid()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);
        var lead = await client.CreateAsync("leads", new { lastname = "L" });
        await client.CreateAsync("contacts", new Dictionary<string, object> { ["lastname"] = "From lead", ["originatingleadid@odata.bind"] = $"/leads({lead})" });
        await client.CreateAsync("contacts", new { lastname = "Other" });

        var page = await client.GetJsonAsync($"contacts?$select=lastname&$filter=_originatingleadid_value eq {lead}");

        Assert.Equal("From lead", Assert.Single(page.GetProperty("value").EnumerateArray()).GetProperty("lastname").GetString());
    }
}
