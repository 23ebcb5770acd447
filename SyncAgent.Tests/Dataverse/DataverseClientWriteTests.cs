using System.Net;
using System.Text.Json.Nodes;
using CrmSync.SyncAgent.Dataverse.Batch;

namespace CrmSync.SyncAgent.Tests.Dataverse;

// Wire format: learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api
// (changesets, Content-ID, Prefer: odata.continue-on-error); conditional writes:
// learn.microsoft.com/power-apps/developer/data-platform/webapi/perform-conditional-operations-using-web-api
// (If-Match: * prevents create on update; If-None-Match: * prevents update on upsert, 412 when the row exists).
public class DataverseClientWriteTests
{
    private static readonly Guid Lead1 = Guid.Parse("a0000000-0000-0000-0000-000000000001");
    private static readonly Guid Lead2 = Guid.Parse("a0000000-0000-0000-0000-000000000002");
    private static readonly Guid Contact3 = Guid.Parse("c0000000-0000-0000-0000-000000000003");
    private static readonly Guid Activity4 = Guid.Parse("d0000000-0000-0000-0000-000000000004");

    private static IReadOnlyList<RecordWrite> Writes() =>
    [
        RecordWrite.Update("link-1", "lead", Lead1, new JsonObject { ["jobtitle"] = "CTO" }),
        RecordWrite.Update("link-2", "lead", Lead2, new JsonObject { ["telephone1"] = "bad" }),
        RecordWrite.Create("link-3", "contact", Contact3, new JsonObject { ["emailaddress1"] = "o'brien@example.com" }),
        SyncResultActivity.Create(new Uri(DataverseTestHost.ServiceRoot), "reject-2", Activity4, "lead", Lead2, "Rejected update", "Phone invalid", 1, "telephone1", "42"),
    ];

    [Fact]
    public async Task ApplyWritesAsync_FourRecords_OneChangesetPerRecordWithConditionalHeaders()
    {
        var handler = new FakeDataverseHandler().Enqueue(_ => BatchResponses.Create(
            BatchResponses.Changeset("1", BatchResponses.Http(204, "No Content")),
            BatchResponses.Changeset("2", BatchResponses.Http(204, "No Content")),
            BatchResponses.Changeset("3", BatchResponses.Http(204, "No Content")),
            BatchResponses.Changeset("4", BatchResponses.Http(204, "No Content"))));
        var sut = DataverseTestHost.CreateSut(handler);

        var results = await sut.ApplyWritesAsync(Writes(), CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(DataverseTestHost.ServiceRoot + "$batch", request.Uri.AbsoluteUri);
        Assert.Equal("odata.continue-on-error", request.Header("Prefer"));
        Assert.Equal("4.0", request.Header("OData-Version"));
        Assert.Matches("^multipart/mixed; boundary=batch_[0-9a-f-]{36}$", request.ContentType);
        var parts = await BatchRequests.ReadAsync(request);
        Assert.Equal(4, parts.Count);
        Assert.Equal(4, parts.Select(p => p.ChangesetBoundary).Distinct().Count());
        Assert.All(parts, p => Assert.StartsWith("changeset_", p.ChangesetBoundary, StringComparison.Ordinal));
        Assert.All(parts, p => Assert.Equal("application/http", p.ContentType));
        Assert.All(parts, p => Assert.Equal("binary", p.TransferEncoding));
        Assert.Equal(["1", "2", "3", "4"], parts.Select(p => p.ContentId));

        Assert.Equal($"PATCH {DataverseTestHost.ServiceRoot}leads({Lead1:D}) HTTP/1.1", parts[0].RequestLine);
        Assert.Equal("*", parts[0].Headers["If-Match"]);
        Assert.False(parts[0].Headers.ContainsKey("If-None-Match"));
        Assert.Equal("application/json", parts[0].Headers["Content-Type"]);
        Assert.Equal("""{"jobtitle":"CTO"}""", parts[0].Body);

        Assert.Equal($"PATCH {DataverseTestHost.ServiceRoot}contacts({Contact3:D}) HTTP/1.1", parts[2].RequestLine);
        Assert.Equal("*", parts[2].Headers["If-None-Match"]);
        Assert.False(parts[2].Headers.ContainsKey("If-Match"));
        Assert.Equal("o'brien@example.com", JsonNode.Parse(parts[2].Body)!["emailaddress1"]!.GetValue<string>());

        Assert.Equal($"PATCH {DataverseTestHost.ServiceRoot}crmsync_syncresults({Activity4:D}) HTTP/1.1", parts[3].RequestLine);
        var activity = JsonNode.Parse(parts[3].Body)!;
        Assert.Equal($"{DataverseTestHost.ServiceRoot}leads({Lead2:D})", activity["regardingobjectid_lead_crmsync_syncresult@odata.bind"]!.GetValue<string>());
        Assert.Equal(1, activity["crmsync_outcome"]!.GetValue<int>());
        Assert.Equal("Rejected update", activity["subject"]!.GetValue<string>());

        Assert.All(results, r => Assert.Equal(RecordWriteOutcome.Succeeded, r.Outcome));
        Assert.Equal(["link-1", "link-2", "link-3", "reject-2"], results.Select(r => r.Write.Key));
        Assert.Equal(4, sut.Counter.BatchOperations);
    }

    [Fact]
    public async Task ApplyWritesAsync_PartialFailure_EachRecordGetsItsOwnResult()
    {
        // Under continue-on-error a failed changeset is answered by a bare application/http error part.
        var handler = new FakeDataverseHandler().Enqueue(_ => BatchResponses.Create(
            BatchResponses.Changeset("1", BatchResponses.Http(204, "No Content")),
            BatchResponses.Part(BatchResponses.Http(400, "Bad Request", """{"error":{"code":"0x80040265","message":"Phone number must be in E.164 format."}}""")),
            BatchResponses.Part(BatchResponses.Http(412, "Precondition Failed")),
            BatchResponses.Part(BatchResponses.Http(500, "Internal Server Error", """{"error":{"code":"0x80040216","message":"An unexpected error occurred."}}"""))));
        var sut = DataverseTestHost.CreateSut(handler);

        var results = await sut.ApplyWritesAsync(Writes(), CancellationToken.None);

        Assert.Equal(RecordWriteOutcome.Succeeded, results[0].Outcome);
        Assert.Equal(RecordWriteOutcome.Rejected, results[1].Outcome);
        Assert.Equal(HttpStatusCode.BadRequest, results[1].Status);
        Assert.Equal("0x80040265", results[1].ErrorCode);
        Assert.Equal("Phone number must be in E.164 format.", results[1].Message);
        Assert.Equal(RecordWriteOutcome.AlreadyExists, results[2].Outcome);
        Assert.True(results[2].Landed);
        Assert.Equal(RecordWriteOutcome.Failed, results[3].Outcome);
        Assert.False(results[3].Landed);
    }

    [Fact]
    public async Task ApplyWritesAsync_UpdateOfDeletedRecord_NotFoundAndNotLanded()
    {
        var handler = new FakeDataverseHandler().Enqueue(_ => BatchResponses.Create(
            BatchResponses.Part(BatchResponses.Http(404, "Not Found", """{"error":{"code":"0x80040217","message":"lead With Id = a0000000-0000-0000-0000-000000000001 Does Not Exist"}}"""))));
        var sut = DataverseTestHost.CreateSut(handler);

        var result = Assert.Single(await sut.ApplyWritesAsync([Writes()[0]], CancellationToken.None));

        Assert.Equal(RecordWriteOutcome.NotFound, result.Outcome);
        Assert.False(result.Landed);
        Assert.Equal("0x80040217", result.ErrorCode);
    }

    [Fact]
    public async Task ApplyWritesAsync_ResponseMissingParts_RemainingRecordsFailNotSucceed()
    {
        var handler = new FakeDataverseHandler().Enqueue(_ => BatchResponses.Create(
            BatchResponses.Changeset("1", BatchResponses.Http(204, "No Content"))));
        var sut = DataverseTestHost.CreateSut(handler);

        var results = await sut.ApplyWritesAsync(Writes(), CancellationToken.None);

        Assert.Equal(RecordWriteOutcome.Succeeded, results[0].Outcome);
        Assert.All(results.Skip(1), r => Assert.Equal(RecordWriteOutcome.Failed, r.Outcome));
    }

    [Fact]
    public async Task ApplyWritesAsync_MoreThanBatchSize_SplitsIntoBatchesAndKeepsOrder()
    {
        var handler = new FakeDataverseHandler
        {
            Responder = request =>
            {
                var count = BatchRequests.ReadAsync(request).GetAwaiter().GetResult().Count;
                return BatchResponses.Create([.. Enumerable.Range(1, count).Select(i => BatchResponses.Changeset(i.ToString(System.Globalization.CultureInfo.InvariantCulture), BatchResponses.Http(204, "No Content")))]);
            },
        };
        var writes = Enumerable.Range(0, 5).Select(i => RecordWrite.Update($"k{i}", "contact", Guid.NewGuid(), new JsonObject { ["firstname"] = $"n{i}" })).ToList();
        var sut = DataverseTestHost.CreateSut(handler, o => { o.BatchSize = 2; o.MaxConcurrentRequests = 2; });

        var results = await sut.ApplyWritesAsync(writes, CancellationToken.None);

        Assert.Equal(3, handler.Requests.Count);
        var sizes = new List<int>();
        foreach (var request in handler.Requests)
        {
            sizes.Add((await BatchRequests.ReadAsync(request)).Count);
        }

        Assert.Equal([1, 2, 2], sizes.Order());
        Assert.Equal(writes.Select(w => w.Key), results.Select(r => r.Write.Key));
        Assert.All(results, r => Assert.True(r.Landed));
    }

    [Fact]
    public async Task ApplyWritesAsync_NoWrites_SendsNothing()
    {
        var handler = new FakeDataverseHandler();
        var sut = DataverseTestHost.CreateSut(handler);

        Assert.Empty(await sut.ApplyWritesAsync([], CancellationToken.None));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task ApplyWritesAsync_NonAsciiAndEscapedValues_EachPartHoldsExactlyItsOwnJson()
    {
        // Every operation is a slice of one buffer: multi-byte UTF-8 and escaped characters must not shift a boundary.
        string[] names = ["Zoë Ångström", "李小龙", "quote \" and \\ back", "tab\tline\nbreak", "😀 emoji"];
        var handler = new FakeDataverseHandler().Enqueue(_ => BatchResponses.Create(
            [.. names.Select((_, i) => BatchResponses.Changeset((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), BatchResponses.Http(204, "No Content")))]));
        var writes = names.Select((n, i) => RecordWrite.Update($"k{i}", "contact", Guid.NewGuid(), new JsonObject { ["firstname"] = n })).ToList();
        var sut = DataverseTestHost.CreateSut(handler);

        var results = await sut.ApplyWritesAsync(writes, CancellationToken.None);

        var parts = await BatchRequests.ReadAsync(Assert.Single(handler.Requests));
        Assert.Equal(names, parts.Select(p => JsonNode.Parse(p.Body)!["firstname"]!.GetValue<string>()));
        Assert.Equal(writes.Select(w => $"PATCH {DataverseTestHost.ServiceRoot}contacts({w.Id:D}) HTTP/1.1"), parts.Select(p => p.RequestLine));
        Assert.All(results, r => Assert.True(r.Landed));
    }

    [Fact]
    public async Task ApplyWritesAsync_ResponseWithBareLineFeeds_StillMapsEachResult()
    {
        var handler = new FakeDataverseHandler().Enqueue(_ => BatchResponses.Create(
            BatchResponses.Changeset("1", "HTTP/1.1 204 No Content\nOData-Version: 4.0\n\n"),
            BatchResponses.Part("HTTP/1.1 400 Bad Request\nContent-Type: application/json\n\n{\"error\":{\"code\":\"0x80040265\",\"message\":\"No.\"}}")));
        var sut = DataverseTestHost.CreateSut(handler);

        var results = await sut.ApplyWritesAsync(Writes().Take(2).ToList(), CancellationToken.None);

        Assert.Equal(RecordWriteOutcome.Succeeded, results[0].Outcome);
        Assert.Equal(RecordWriteOutcome.Rejected, results[1].Outcome);
        Assert.Equal("0x80040265", results[1].ErrorCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("HTTP/1.1\r\n\r\n")]
    [InlineData("HTTP/1.1 2O4 No Content\r\n\r\n")]
    [InlineData("HTTP/1.1 20 Short\r\n\r\n")]
    [InlineData("SMTP 250 OK\r\n\r\n")]
    public async Task ApplyWritesAsync_UnreadableStatusLine_ThrowsDataverseExceptionNamingTheBatch(string operation)
    {
        var handler = new FakeDataverseHandler().Enqueue(_ => BatchResponses.Create(BatchResponses.Changeset("1", operation)));
        var sut = DataverseTestHost.CreateSut(handler);

        var error = await Assert.ThrowsAsync<CrmSync.SyncAgent.Dataverse.Http.DataverseException>(() => sut.ApplyWritesAsync([Writes()[0]], CancellationToken.None));

        Assert.Contains("unreadable response", error.Message, StringComparison.Ordinal);
    }
}
