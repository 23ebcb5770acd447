using System.Text.Json;
using CrmSync.SyncAgent.Marketo;

namespace CrmSync.SyncAgent.Tests.Marketo;

/// <summary>Get Leads by Filter Type, Sync Leads and Describe per https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/leads.</summary>
public sealed class MarketoLeadsTests
{
    private const string Leads = "/rest/v1/leads.json";
    private static readonly string[] EmailFields = ["email", "firstName"];

    [Fact]
    public async Task GetLeadsByIds_DocumentedResponse_ParsesIdsAndFields()
    {
        using var host = new MarketoTestHost();
        host.Handler.OnJson(Leads, MarketoDocSamples.LeadsByFilter);

        var leads = await host.Client.GetLeadsByIdsAsync([318581, 318592], EmailFields, CancellationToken.None);

        var request = Assert.Single(host.Handler.Rest);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("id", request.Query("filterType"));
        Assert.Equal("318581,318592", request.Query("filterValues"));
        Assert.Equal("email,firstName", request.Query("fields"));
        Assert.Equal([318581L, 318592L], leads.Select(l => l.Id));
        Assert.Equal("abe@usa.gov", leads[0].GetText("email"));
        Assert.Null(leads[0].GetText("phone"));
    }

    [Fact]
    public async Task GetLeadsByIds_700Ids_SendsAtMost300ValuesPerCall()
    {
        using var host = new MarketoTestHost();
        host.Handler.OnJson(Leads, MarketoDocSamples.NoLeads);

        await host.Client.GetLeadsByIdsAsync(Enumerable.Range(1, 700).Select(i => (long)i), EmailFields, CancellationToken.None);

        Assert.Equal([300, 300, 100], host.Handler.Rest.Select(r => r.Query("filterValues")!.Split(',').Length));
    }

    [Fact]
    public async Task GetLeadsByFilterEmail_SpecialCharacters_AreUrlEncodedAndArriveIntact()
    {
        using var host = new MarketoTestHost();
        host.Handler.OnJson(Leads, MarketoDocSamples.NoLeads);
        string[] emails = ["o'brien+tag@example.com", "\"quoted\"@example.com", "zoë.müller@exämple.de", "a&b=c@example.com", "sp ace@example.com"];

        await host.Client.GetLeadsByFilterAsync("email", emails, EmailFields, CancellationToken.None);

        var request = Assert.Single(host.Handler.Rest);
        Assert.Equal(string.Join(",", emails), request.Query("filterValues"));
        Assert.DoesNotContain("+tag", request.Uri.Query, StringComparison.Ordinal); // '+' would decode as a space
        Assert.Contains("%2Btag", request.Uri.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetLeadsByFilterEmail_ValueWithComma_IsNotSentBecauseTheListHasNoEscape()
    {
        using var host = new MarketoTestHost();
        host.Handler.OnJson(Leads, MarketoDocSamples.NoLeads);

        await host.Client.GetLeadsByFilterAsync("email", ["\"last,first\"@example.com", "ok@example.com", "ok@example.com"], EmailFields, CancellationToken.None);

        var request = Assert.Single(host.Handler.Rest);
        Assert.Equal("ok@example.com", request.Query("filterValues"));
    }

    [Fact]
    public async Task GetLeadsByFilterEmail_300LongValues_OneCallAsPostWithMethodGet()
    {
        using var host = new MarketoTestHost();
        host.Handler.OnJson(Leads, MarketoDocSamples.NoLeads);
        var emails = Enumerable.Range(0, 300).Select(i => $"{new string('x', 60)}.{i}@example-company-domain.com").ToList();

        await host.Client.GetLeadsByFilterAsync("email", emails, EmailFields, CancellationToken.None);

        // 300 addresses of ~90 characters pass 8 KB as a query string: one POST with the query as a form body.
        var request = Assert.Single(host.Handler.Rest);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("GET", request.Query("_method"));
        Assert.Equal("application/x-www-form-urlencoded", request.ContentType);
        Assert.Equal("email", request.Form("filterType"));
        Assert.Equal("email,firstName", request.Form("fields"));
        Assert.Equal("300", request.Form("batchSize"));
        Assert.Equal(emails, request.Form("filterValues")!.Split(','));
        Assert.True(request.Uri.AbsoluteUri.Length <= host.Options.MaxUriLength);
    }

    [Fact]
    public async Task GetLeadsByFilterEmail_LongValuesOverSeveralPages_FollowsTheTokenInTheForm()
    {
        using var host = new MarketoTestHost();
        host.Handler.EnqueueJson(Leads, """{"requestId":"a","success":true,"moreResult":true,"nextPageToken":"PAGE+2==","result":[{"id":1,"email":"a@example.com"}]}""");
        host.Handler.OnJson(Leads, """{"requestId":"b","success":true,"result":[{"id":2,"email":"b@example.com"}]}""");
        var emails = Enumerable.Range(0, 301).Select(i => $"{new string('y', 60)}.{i}@example-company-domain.com").ToList();

        var leads = await host.Client.GetLeadsByFilterAsync("email", emails, EmailFields, CancellationToken.None);

        // 300 values per call (the documented maximum): the first 300 as a form over two pages, the 301st as a plain GET.
        Assert.Equal([1L, 2L], leads.Select(l => l.Id).Take(2));
        var requests = host.Handler.Rest.ToList();
        Assert.Equal([HttpMethod.Post, HttpMethod.Post, HttpMethod.Get], requests.Select(r => r.Method));
        Assert.Null(requests[0].Form("nextPageToken"));
        Assert.Equal("PAGE+2==", requests[1].Form("nextPageToken"));
        Assert.Equal(300, requests[1].Form("filterValues")!.Split(',').Length);
        Assert.Equal(emails[300], requests[2].Query("filterValues"));
    }

    [Fact]
    public async Task GetLeadsByFilter_MoreResult_FollowsNextPageToken()
    {
        using var host = new MarketoTestHost();
        host.Handler.EnqueueJson(Leads, """{"requestId":"a","success":true,"moreResult":true,"nextPageToken":"PAGE+2==","result":[{"id":1,"email":"same@example.com"}]}""");
        host.Handler.OnJson(Leads, """{"requestId":"b","success":true,"result":[{"id":2,"email":"same@example.com"}]}""");

        var leads = await host.Client.GetLeadsByFilterAsync("email", ["same@example.com"], EmailFields, CancellationToken.None);

        Assert.Equal([1L, 2L], leads.Select(l => l.Id));
        var second = host.Handler.Rest.Last();
        Assert.Equal("PAGE+2==", second.Query("nextPageToken"));
        Assert.Equal("same@example.com", second.Query("filterValues"));
    }

    [Fact]
    public async Task SyncLeads_650Records_SplitsAt300AndReturnsResultsInInputOrder()
    {
        using var host = new MarketoTestHost();
        host.Handler.On(Leads, r =>
        {
            var count = JsonDocument.Parse(r.Body!).RootElement.GetProperty("input").GetArrayLength();
            return FakeMarketoHandler.Json(MarketoRetryTests.RecordResults(count));
        });
        var records = Enumerable.Range(0, 650).Select(i => MarketoRetryTests.Lead($"p{i}@example.com")).ToList();

        var results = await host.Client.SyncLeadsAsync(SyncLeadsAction.CreateOrUpdate, "email", records, CancellationToken.None);

        var bodies = host.Handler.Rest.Select(r => JsonDocument.Parse(r.Body!).RootElement).ToList();
        Assert.Equal([300, 300, 50], bodies.Select(b => b.GetProperty("input").GetArrayLength()));
        Assert.All(bodies, b => Assert.Equal("createOrUpdate", b.GetProperty("action").GetString()));
        Assert.All(bodies, b => Assert.Equal("email", b.GetProperty("lookupField").GetString()));
        Assert.Equal("p300@example.com", bodies[1].GetProperty("input")[0].GetProperty("email").GetString());
        Assert.All(host.Handler.Rest, r => Assert.Equal(HttpMethod.Post, r.Method));
        Assert.All(host.Handler.Rest, r => Assert.Equal("application/json", r.ContentType));
        Assert.Equal(Enumerable.Range(0, 650), results.Select(r => r.Index));
        Assert.All(results, r => Assert.Equal(MarketoRecordStatus.Updated, r.Status));
    }

    [Fact]
    public async Task SyncLeads_SkippedRecord_MapsStatusAndReasons()
    {
        using var host = new MarketoTestHost();
        host.Handler.OnJson(Leads, MarketoDocSamples.SyncLeadsWithSkip);
        var records = new[] { "a", "b", "c" }.Select(n => MarketoRetryTests.Lead($"{n}@example.com")).ToList();

        var results = await host.Client.SyncLeadsAsync(SyncLeadsAction.CreateOnly, "email", records, CancellationToken.None);

        Assert.Equal([MarketoRecordStatus.Created, MarketoRecordStatus.Created, MarketoRecordStatus.Skipped], results.Select(r => r.Status));
        Assert.Equal([50L, 51L, null], results.Select(r => r.Id));
        var reason = Assert.Single(results[2].Reasons);
        Assert.Equal("1005", reason.Code);
        Assert.Equal("Lead already exists", reason.Message);
        Assert.False(results[2].Succeeded);
    }

    [Fact]
    public async Task SyncLeads_UpdateOnlyById_SendsIdAndTypedValues()
    {
        using var host = new MarketoTestHost();
        host.Handler.OnJson(Leads, MarketoRetryTests.RecordResults(1));
        var record = new Dictionary<string, JsonElement>
        {
            ["id"] = MarketoValues.FromText("318581", "integer"),
            ["unsubscribed"] = MarketoValues.FromText("true", "boolean"),
            ["title"] = MarketoValues.FromText(null, "string"),
        };

        await host.Client.SyncLeadsAsync(SyncLeadsAction.UpdateOnly, "id", [record], CancellationToken.None);

        var input = JsonDocument.Parse(Assert.Single(host.Handler.Rest).Body!).RootElement.GetProperty("input")[0];
        Assert.Equal(318581, input.GetProperty("id").GetInt64());
        Assert.Equal(JsonValueKind.True, input.GetProperty("unsubscribed").ValueKind);
        Assert.Equal(JsonValueKind.Null, input.GetProperty("title").ValueKind);
    }

    [Fact]
    public async Task SyncLeads_IdWithCreateOrUpdate_IsRefusedBeforeSending()
    {
        using var host = new MarketoTestHost();
        var record = new Dictionary<string, JsonElement> { ["id"] = MarketoValues.FromText("1", "integer") };

        await Assert.ThrowsAsync<ArgumentException>(() => host.Client.SyncLeadsAsync(SyncLeadsAction.CreateOrUpdate, "email", [record], CancellationToken.None));
        Assert.Empty(host.Handler.Requests);
    }

    [Fact]
    public async Task SyncLeads_ResultCountDiffersFromInput_Throws()
    {
        using var host = new MarketoTestHost();
        host.Handler.OnJson(Leads, MarketoRetryTests.RecordResults(1));
        var records = new[] { "a", "b" }.Select(n => MarketoRetryTests.Lead($"{n}@example.com")).ToList();

        var error = await Assert.ThrowsAsync<MarketoApiException>(() => host.Client.SyncLeadsAsync(SyncLeadsAction.CreateOrUpdate, "email", records, CancellationToken.None));
        Assert.Equal("result-count", error.Code);
    }

    [Fact]
    public async Task DescribeLeads_DocumentedResponse_MapsRestNameTypeAndLength()
    {
        using var host = new MarketoTestHost();
        host.Handler.OnJson("/rest/v1/leads/describe.json", MarketoDocSamples.Describe);

        var field = Assert.Single(await host.Client.DescribeLeadsAsync(CancellationToken.None));

        Assert.Equal(new MarketoField(2, "Company Name", "string", 255, "company", false), field);
    }
}
