using CrmSync.SyncAgent.Dataverse;

namespace CrmSync.SyncAgent.Tests.Dataverse;

// Query options: learn.microsoft.com/power-apps/developer/data-platform/webapi/query/overview ($select, $filter,
// $orderby); string literals in $filter are single-quoted and a quote inside is doubled (OData ABNF, SQUOTE-in-string).
public class DataverseClientRecordTests
{
    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("O'Brien", "'O''Brien'")]
    [InlineData("x' or 1 eq 1 or emailaddress1 eq '", "'x'' or 1 eq 1 or emailaddress1 eq '''")]
    [InlineData("''", "''''''")]
    [InlineData("", "''")]
    public void Literal_String_QuotesDoubled(string value, string expected)
    {
        Assert.Equal(expected, ODataFilter.Literal(value));
    }

    [Theory]
    [InlineData("emailaddress1 eq 'x'")]
    [InlineData("a)or(b")]
    [InlineData("name&$top=1")]
    [InlineData("")]
    public void CheckName_NotALogicalName_Throws(string name)
    {
        Assert.ThrowsAny<ArgumentException>(() => ODataFilter.CheckName(name));
    }

    [Fact]
    public async Task ReadByIdsAsync_120Ids_ChunkedInto50PerRequest()
    {
        var handler = new FakeDataverseHandler { Responder = _ => FakeDataverseHandler.Json("""{"value":[]}""") };
        var sut = DataverseTestHost.CreateSut(handler);
        var ids = Enumerable.Range(1, 120).Select(i => new Guid(i, 0, 0, new byte[8])).ToList();

        await foreach (var unused in sut.ReadByIdsAsync("lead", ids, ["emailaddress1"], CancellationToken.None))
        {
            Assert.Fail("no records expected");
        }

        Assert.Equal(3, handler.Requests.Count);
        var first = handler.Requests[0].PathAndQuery;
        Assert.StartsWith("/api/data/v9.2/leads?$select=leadid,emailaddress1&$filter=leadid eq 00000001-0000-0000-0000-000000000000 or leadid eq ", first, StringComparison.Ordinal);
        Assert.Equal(50, first.Split(" or ").Length);
        Assert.Equal(20, handler.Requests[2].PathAndQuery.Split(" or ").Length);
    }

    [Fact]
    public async Task ReadAllAsync_ThreePages_StreamsEveryRecordOrderedById()
    {
        var page2 = DataverseTestHost.ServiceRoot + "leads?$select=leadid,lastname&$orderby=leadid%20asc&$skiptoken=2";
        var page3 = DataverseTestHost.ServiceRoot + "leads?$select=leadid,lastname&$orderby=leadid%20asc&$skiptoken=3";
        var handler = new FakeDataverseHandler()
            .EnqueueJson($$"""{"value":[{"leadid":"a0000000-0000-0000-0000-000000000001","lastname":"A"},{"leadid":"a0000000-0000-0000-0000-000000000002","lastname":"B"}],"@odata.nextLink":"{{page2}}"}""")
            .EnqueueJson($$"""{"value":[{"leadid":"a0000000-0000-0000-0000-000000000003","lastname":"C"}],"@odata.nextLink":"{{page3}}"}""")
            .EnqueueJson("""{"value":[{"leadid":"a0000000-0000-0000-0000-000000000004","lastname":"D"}]}""");
        var sut = DataverseTestHost.CreateSut(handler, o => o.PageSize = 2);

        var names = new List<string?>();
        await foreach (var record in sut.ReadAllAsync("lead", ["lastname"], filter: null, CancellationToken.None))
        {
            names.Add(record.GetString("lastname"));
            // Streaming: the first record arrives before the next page is requested.
            if (names.Count == 1)
            {
                Assert.Single(handler.Requests);
            }
        }

        Assert.Equal(["A", "B", "C", "D"], names);
        Assert.Equal("/api/data/v9.2/leads?$select=leadid,lastname&$orderby=leadid asc", handler.Requests[0].PathAndQuery);
        Assert.Equal(new Uri(page3), handler.Requests[2].Uri);
        Assert.All(handler.Requests, r => Assert.Equal("odata.maxpagesize=2", r.Header("Prefer")));
    }
}
