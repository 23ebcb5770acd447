using System.Net;
using CrmSync.SyncAgent.Dataverse.Batch;
using CrmSync.SyncAgent.Dataverse.Staging;

namespace CrmSync.SyncAgent.Tests.Dataverse;

// Paging shapes follow "Page results" in learn.microsoft.com/power-apps/developer/data-platform/webapi/query/page-results:
// Prefer: odata.maxpagesize=n, and an absolute @odata.nextLink that is sent back unchanged with the same Prefer header.
public class DataverseClientStagingTests
{
    private const string LeadId = "6c2a4c1e-1a55-4d3c-9d1e-3a2f0c1b9e01";
    private const string ContactId = "7d3b5d2f-2b66-4e4d-8e2f-4b3a1d2c8f02";

    private static string Row(string stagingId, string entity, string recordId, string message, string? changesJson, string changedOn = "2026-11-25T10:00:00Z", long version = 5001) =>
        $$"""
        {"@odata.etag":"W/\"1001\"","crmsync_synceventid":"{{stagingId}}","crmsync_entity":"{{entity}}","crmsync_recordid":"{{recordId}}",
         "crmsync_message":"{{message}}","crmsync_changes":{{(changesJson is null ? "null" : System.Text.Json.JsonSerializer.Serialize(changesJson))}},
         "crmsync_changedon":"{{changedOn}}","crmsync_originatingleadid":null,"crmsync_correlationid":"0f0e0d0c-0b0a-0908-0706-050403020100","versionnumber":{{version}}}
        """;

    [Fact]
    public async Task ReadStagingPagesAsync_TwoPages_FollowsNextLinkInOrderWithPreferHeader()
    {
        var next = DataverseTestHost.ServiceRoot + "crmsync_syncevents?$select=crmsync_synceventid&$skiptoken=%3Ccookie%20pagenumber=%222%22%20/%3E";
        var handler = new FakeDataverseHandler()
            .EnqueueJson($$"""
                {"@odata.context":"{{DataverseTestHost.ServiceRoot}}$metadata#crmsync_syncevents","value":[
                {{Row("11111111-1111-1111-1111-111111111111", "lead", LeadId, "Update", """{"telephone1":"+1 555","donotemail":true,"leadsourcecode":{"optionset":3},"revenue":{"money":12.5},"parentcontactid":{"ref":{"entity":"contact","id":"7d3b5d2f-2b66-4e4d-8e2f-4b3a1d2c8f02"}},"fax":null,"numberofemployees":42}""")}}],
                "@odata.nextLink":"{{next}}"}
                """)
            .EnqueueJson($$"""
                {"value":[{{Row("22222222-2222-2222-2222-222222222222", "contact", ContactId, "Delete", null, "2026-11-25T10:00:01Z")}}]}
                """);
        var sut = DataverseTestHost.CreateSut(handler, o => o.PageSize = 2);

        var pages = new List<IReadOnlyList<StagingRow>>();
        await foreach (var page in sut.ReadStagingPagesAsync(CancellationToken.None))
        {
            pages.Add(page);
        }

        Assert.Equal(2, handler.Requests.Count);
        var first = handler.Requests[0];
        Assert.Equal(
            "/api/data/v9.2/crmsync_syncevents?$select=crmsync_synceventid,crmsync_entity,crmsync_recordid,crmsync_message,crmsync_changes,crmsync_changedon,crmsync_originatingleadid,crmsync_correlationid,crmsync_subordinateid,versionnumber&$orderby=versionnumber asc",
            first.PathAndQuery);
        Assert.All(handler.Requests, r => Assert.Equal("odata.maxpagesize=2", r.Header("Prefer")));
        Assert.Equal(new Uri(next), handler.Requests[1].Uri);

        var update = Assert.Single(pages[0]);
        Assert.False(update.IsPoison);
        Assert.Equal("lead", update.Entity);
        Assert.Equal(Guid.Parse(LeadId), update.RecordId);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), update.ChangedOn);
        Assert.Equal(5001, update.VersionNumber);
        Assert.Equal(ChangeValue.FromString("+1 555"), update.Changes["telephone1"]);
        Assert.Equal(ChangeValue.FromBoolean(true), update.Changes["donotemail"]);
        Assert.Equal(ChangeValue.FromOptionSet(3), update.Changes["leadsourcecode"]);
        Assert.Equal(ChangeValue.FromMoney(12.5m), update.Changes["revenue"]);
        Assert.Equal(ChangeValue.FromReference("contact", Guid.Parse(ContactId)), update.Changes["parentcontactid"]);
        Assert.Equal(ChangeValue.Null, update.Changes["fax"]);
        Assert.Equal(ChangeValue.FromNumber(42), update.Changes["numberofemployees"]);

        var delete = Assert.Single(pages[1]);
        Assert.Equal("Delete", delete.Message);
        Assert.Empty(delete.Changes);
        Assert.False(delete.IsPoison);
    }

    [Fact]
    public async Task ReadStagingPagesAsync_MalformedChanges_ReturnsPoisonRowAndTheOthers()
    {
        var handler = new FakeDataverseHandler().EnqueueJson($$"""
            {"value":[
            {{Row("11111111-1111-1111-1111-111111111111", "lead", LeadId, "Update", "{not json")}},
            {{Row("22222222-2222-2222-2222-222222222222", "lead", LeadId, "Update", """{"telephone1":"1"}""")}},
            {{Row("33333333-3333-3333-3333-333333333333", "competitor", LeadId, "Update", """{"name":"x"}""")}},
            {{Row("44444444-4444-4444-4444-444444444444", "lead", LeadId, "Update", """{"x":{"unknown":1}}""")}}]}
            """);
        var sut = DataverseTestHost.CreateSut(handler);

        var rows = new List<StagingRow>();
        await foreach (var page in sut.ReadStagingPagesAsync(CancellationToken.None))
        {
            rows.AddRange(page);
        }

        Assert.Equal(4, rows.Count);
        Assert.StartsWith("changes is not valid JSON", rows[0].PoisonReason, StringComparison.Ordinal);
        Assert.False(rows[1].IsPoison);
        Assert.Equal("unknown entity 'competitor'", rows[2].PoisonReason);
        Assert.Equal("attribute 'x' has an unsupported value", rows[3].PoisonReason);
        Assert.Equal(Guid.Parse("11111111-1111-1111-1111-111111111111"), rows[0].StagingId);
    }

    [Theory]
    [InlineData("Assign", "unknown message 'Assign'")]
    [InlineData("", "unknown message ''")]
    public void Parse_UnknownMessage_IsPoison(string message, string reason)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(Row("11111111-1111-1111-1111-111111111111", "lead", LeadId, message, "{}"));

        var row = StagingRowParser.Parse(doc.RootElement);

        Assert.Equal(reason, row!.PoisonReason);
    }

    [Fact]
    public void Parse_MergeWithoutSubordinateId_IsPoison()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(Row("11111111-1111-1111-1111-111111111111", "contact", LeadId, "Merge", "{}"));

        var row = StagingRowParser.Parse(doc.RootElement);

        Assert.Equal("a Merge without a subordinate id", row!.PoisonReason);
    }

    [Fact]
    public void Parse_BadRecordId_IsPoison()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(Row("11111111-1111-1111-1111-111111111111", "lead", "not-a-guid", "Update", "{}"));

        Assert.Equal("missing or invalid record id", StagingRowParser.Parse(doc.RootElement)!.PoisonReason);
    }

    // Deleting is a $batch of bare DELETE requests (no changesets needed): execute-batch-operations-using-web-api.
    [Fact]
    public async Task DeleteStagingRowsAsync_BatchOfDeletes_404CountsAsDeleted()
    {
        var ids = new[] { Guid.Parse("11111111-1111-1111-1111-111111111111"), Guid.Parse("22222222-2222-2222-2222-222222222222") };
        var handler = new FakeDataverseHandler().Enqueue(_ => BatchResponses.Create(
            BatchResponses.Part(BatchResponses.Http(204, "No Content")),
            BatchResponses.Part(BatchResponses.Http(404, "Not Found", """{"error":{"code":"0x80040217","message":"crmsync_syncevent With Id = 22222222-2222-2222-2222-222222222222 Does Not Exist"}}"""))));
        var sut = DataverseTestHost.CreateSut(handler);

        var results = await sut.DeleteStagingRowsAsync(ids, CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("/api/data/v9.2/$batch", request.Uri.AbsolutePath);
        var parts = await BatchRequests.ReadAsync(request);
        Assert.Equal(2, parts.Count);
        Assert.All(parts, p => Assert.Null(p.ChangesetBoundary));
        Assert.Equal($"DELETE {DataverseTestHost.ServiceRoot}crmsync_syncevents({ids[0]:D}) HTTP/1.1", parts[0].RequestLine);
        Assert.Equal(RecordWriteOutcome.Succeeded, results[0].Outcome);
        Assert.Equal(RecordWriteOutcome.NotFound, results[1].Outcome);
        Assert.All(results, r => Assert.True(r.Landed));
        Assert.Equal(HttpStatusCode.NotFound, results[1].Status);
    }
}
