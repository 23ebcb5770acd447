using System.Text.Json;
using CrmSync.SyncAgent.Marketo;

namespace CrmSync.SyncAgent.Tests.Marketo;

/// <summary>
/// Paging tokens (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/paging-tokens) and lead
/// changes / custom activities (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/activities).
/// </summary>
public sealed class MarketoActivitiesTests
{
    private const string LeadChanges = "/rest/v1/activities/leadchanges.json";
    private static readonly string[] Fields = ["firstName", "lastName"];

    [Fact]
    public async Task GetPagingToken_SendsIsoUtcSinceDatetimeAndReturnsToken()
    {
        using var host = new MarketoTestHost();
        host.Handler.OnJson("/rest/v1/activities/pagingtoken.json", MarketoDocSamples.PagingToken);

        var token = await host.Client.GetPagingTokenAsync(new DateTimeOffset(2016, 9, 15, 15, 53, 0, TimeSpan.FromHours(5)), CancellationToken.None);

        Assert.Equal("GIYDAOBNGEYS2MBWKQYDAORQGA5DAMBOGAYDAKZQGAYDALBQ", token);
        Assert.Equal("2016-09-15T10:53:00Z", Assert.Single(host.Handler.Rest).Query("sinceDatetime"));
    }

    [Fact]
    public async Task ReadLeadChanges_DocumentedPage_MapsActivityFieldsAndAttributes()
    {
        using var host = new MarketoTestHost();
        host.Handler.EnqueueJson(LeadChanges, MarketoDocSamples.LeadChanges);
        host.Handler.OnJson(LeadChanges, """{"requestId":"b","success":true,"nextPageToken":"LAST===","moreResult":false,"result":[]}""");

        var pages = await ReadAll(host.Client.ReadLeadChangesAsync("START=", Fields));

        var change = Assert.Single(pages[0].Changes);
        Assert.Equal("1078", change.MarketoGuid);
        Assert.Equal(775, change.LeadId);
        Assert.Equal(new DateTimeOffset(2014, 9, 17, 22, 31, 49, TimeSpan.Zero), change.ActivityDate);
        Assert.Equal(LeadChange.ChangeDataValueTypeId, change.ActivityTypeId);
        var field = Assert.Single(change.Fields);
        Assert.Equal(("firstName", 48, "FirstName_6176", "FirstName_4914"), (field.Name, field.FieldId, MarketoValues.ToText(field.NewValue), MarketoValues.ToText(field.OldValue)));
        Assert.Equal("Web service API", change.GetAttribute("Source"));
        Assert.Equal("775", change.GetAttribute("Lead ID"));
    }

    [Fact]
    public async Task ReadLeadChanges_MoreResult_PagesWithEachTokenUntilFalse()
    {
        using var host = new MarketoTestHost();
        host.Handler.EnqueueJson(LeadChanges, MarketoDocSamples.LeadChanges);
        host.Handler.OnJson(LeadChanges, """{"requestId":"b","success":true,"nextPageToken":"LAST===","moreResult":false,"result":[]}""");

        var pages = await ReadAll(host.Client.ReadLeadChangesAsync("GIYDAOBNGEYS2MBWKQYDAORQGA5DAMBOGAYDAKZQGAYDALBQ", Fields, batchSize: 200));

        Assert.Equal(["GIYDAOBNGEYS2MBWKQYDAORQGA5DAMBOGAYDAKZQGAYDALBRGA3TQ===", "LAST==="], pages.Select(p => p.NextPageToken));
        Assert.Equal([true, false], pages.Select(p => p.MoreResult));
        var requests = host.Handler.Rest.ToList();
        Assert.Equal("GIYDAOBNGEYS2MBWKQYDAORQGA5DAMBOGAYDAKZQGAYDALBQ", requests[0].Query("nextPageToken"));
        Assert.Equal("GIYDAOBNGEYS2MBWKQYDAORQGA5DAMBOGAYDAKZQGAYDALBRGA3TQ===", requests[1].Query("nextPageToken"));
        Assert.Contains("%3D%3D%3D", requests[1].Uri.Query, StringComparison.Ordinal); // "the nextPageToken needs to be URL Encoded"
        Assert.All(requests, r => Assert.Equal("firstName,lastName", r.Query("fields")));
        Assert.All(requests, r => Assert.Equal("200", r.Query("batchSize")));
    }

    [Fact]
    public async Task ReadLeadChanges_StoppedAfterFirstPage_DoesNotAskForTheNext()
    {
        using var host = new MarketoTestHost();
        host.Handler.OnJson(LeadChanges, MarketoDocSamples.LeadChanges);

        await foreach (var page in host.Client.ReadLeadChangesAsync("START=", Fields))
        {
            Assert.True(page.MoreResult);
            break;
        }

        Assert.Single(host.Handler.Rest);
    }

    [Fact]
    public async Task ReadLeadChanges_OnlyRequestedFieldsKept_NewLeadKept()
    {
        using var host = new MarketoTestHost();
        host.Handler.OnJson(LeadChanges, """
            {"requestId":"c","success":true,"nextPageToken":"N=","moreResult":false,"result":[
              {"id":1,"marketoGUID":"1","leadId":7,"activityDate":"2025-03-04T10:00:00Z","activityTypeId":13,
               "fields":[{"id":48,"name":"firstName","newValue":"A","oldValue":"B"},{"id":99,"name":"leadScore","newValue":"5","oldValue":null}],
               "attributes":[]},
              {"id":2,"marketoGUID":"2","leadId":7,"activityDate":"2025-03-04T10:00:01Z","activityTypeId":13,
               "fields":[{"id":99,"name":"leadScore","newValue":"6","oldValue":"5"}],"attributes":[]},
              {"id":3,"marketoGUID":"3","leadId":8,"activityDate":"2025-03-04T10:00:02Z","activityTypeId":12,"attributes":[{"name":"Source Type","value":"Web service API"}]}
            ]}
            """);

        var page = Assert.Single(await ReadAll(host.Client.ReadLeadChangesAsync("S=", Fields)));

        Assert.Equal(["1", "3"], page.Changes.Select(c => c.MarketoGuid));
        Assert.Equal(["firstName"], page.Changes[0].Fields.Select(f => f.Name));
        Assert.True(page.Changes[1].IsNewLead);
    }

    [Fact]
    public async Task EnsureCustomActivityType_Missing_CreatesWithAttributesAndApproves()
    {
        using var host = new MarketoTestHost();
        host.Handler.EnqueueJson("/rest/v1/activities/external/types.json", MarketoDocSamples.EmptySuccess);
        host.Handler.OnJson("/rest/v1/activities/external/type.json", MarketoDocSamples.CreatedType);
        host.Handler.OnJson("/rest/v1/activities/external/type/attendConference/attributes/create.json", MarketoDocSamples.CreatedType);
        host.Handler.OnJson("/rest/v1/activities/external/type/attendConference/approve.json", MarketoDocSamples.CustomActivityTypes);

        var type = await host.Client.EnsureCustomActivityTypeAsync(Definition(), CancellationToken.None);

        Assert.Equal(100001, type.Id);
        Assert.True(type.IsApproved);
        var requests = host.Handler.Rest.ToList();
        Assert.Equal(
            ["/rest/v1/activities/external/types.json", "/rest/v1/activities/external/type.json",
             "/rest/v1/activities/external/type/attendConference/attributes/create.json", "/rest/v1/activities/external/type/attendConference/approve.json"],
            requests.Select(r => r.Path));
        var create = JsonDocument.Parse(requests[1].Body!).RootElement;
        Assert.Equal("attendConference", create.GetProperty("apiName").GetString());
        Assert.Equal("Attends Conference", create.GetProperty("triggerName").GetString());
        Assert.Equal("conferenceName", create.GetProperty("primaryAttribute").GetProperty("apiName").GetString());
        Assert.False(create.TryGetProperty("status", out _));
        var attributes = JsonDocument.Parse(requests[2].Body!).RootElement.GetProperty("attributes");
        Assert.Equal("datetime", attributes[0].GetProperty("dataType").GetString());
        Assert.Equal(HttpMethod.Post, requests[3].Method);
    }

    [Fact]
    public async Task EnsureCustomActivityType_AlreadyApproved_WritesNothing()
    {
        using var host = new MarketoTestHost();
        host.Handler.OnJson("/rest/v1/activities/external/types.json", MarketoDocSamples.CustomActivityTypes);

        var type = await host.Client.EnsureCustomActivityTypeAsync(Definition(), CancellationToken.None);

        Assert.Equal(new CustomActivityType(100001, "attendConference", "approved"), type);
        Assert.Single(host.Handler.Rest);
    }

    [Fact]
    public async Task AddCustomActivities_DocumentedResponse_MapsAddedAndSkippedWithErrors()
    {
        using var host = new MarketoTestHost();
        host.Handler.OnJson("/rest/v1/activities/external.json", MarketoDocSamples.AddedActivities);
        var activities = new[] { 1001L, 1200, 3000 }.Select(Activity).ToList();

        var results = await host.Client.AddCustomActivitiesAsync(activities, CancellationToken.None);

        Assert.Equal([MarketoRecordStatus.Added, MarketoRecordStatus.Added, MarketoRecordStatus.Skipped], results.Select(r => r.Status));
        Assert.Equal("51", results[1].MarketoGuid);
        Assert.Equal("1004", Assert.Single(results[2].Reasons).Code);
        var input = JsonDocument.Parse(Assert.Single(host.Handler.Rest).Body!).RootElement.GetProperty("input")[0];
        Assert.Equal(1001, input.GetProperty("leadId").GetInt64());
        Assert.Equal(100001, input.GetProperty("activityTypeId").GetInt32());
        Assert.Equal("2016-09-25T23:56:35Z", input.GetProperty("activityDate").GetString());
        Assert.Equal("Game Giveaway", input.GetProperty("primaryAttributeValue").GetString());
        Assert.Equal("uRL", input.GetProperty("attributes")[0].GetProperty("apiName").GetString());
        Assert.Equal("http://www.nvidia.com/game-giveaway", input.GetProperty("attributes")[0].GetProperty("value").GetString());
    }

    [Fact]
    public async Task AddCustomActivities_301Activities_SplitsAt300()
    {
        using var host = new MarketoTestHost();
        host.Handler.On("/rest/v1/activities/external.json", r =>
        {
            var count = JsonDocument.Parse(r.Body!).RootElement.GetProperty("input").GetArrayLength();
            return FakeMarketoHandler.Json("{\"requestId\":\"x\",\"success\":true,\"result\":[" + string.Join(",", Enumerable.Repeat("{\"status\":\"added\"}", count)) + "]}");
        });

        var results = await host.Client.AddCustomActivitiesAsync(Enumerable.Range(1, 301).Select(i => Activity(i)).ToList(), CancellationToken.None);

        Assert.Equal([300, 1], host.Handler.Rest.Select(r => JsonDocument.Parse(r.Body!).RootElement.GetProperty("input").GetArrayLength()));
        Assert.Equal(300, results[^1].Index);
    }

    private static CustomActivity Activity(long leadId) => new(
        leadId,
        new DateTimeOffset(2016, 9, 26, 6, 56, 35, TimeSpan.FromHours(7)),
        100001,
        "Game Giveaway",
        new Dictionary<string, JsonElement> { ["uRL"] = MarketoValues.String("http://www.nvidia.com/game-giveaway") });

    private static CustomActivityTypeDefinition Definition() => new(
        "attendConference",
        "Attend Conference",
        "Attends Conference",
        "Attended Conference",
        "Attend the conference",
        new CustomActivityAttribute("conferenceName", "Conference Name", "string", "Name of the conference"),
        [new CustomActivityAttribute("conferenceDate", "Conference Date", "datetime", "Date of the conference")]);

    private static async Task<List<LeadChangePage>> ReadAll(IAsyncEnumerable<LeadChangePage> pages)
    {
        var list = new List<LeadChangePage>();
        await foreach (var page in pages)
        {
            list.Add(page);
        }

        return list;
    }
}
