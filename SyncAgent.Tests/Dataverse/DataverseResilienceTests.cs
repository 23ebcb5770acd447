using System.Net;
using CrmSync.SyncAgent.Dataverse.Http;

namespace CrmSync.SyncAgent.Tests.Dataverse;

// Service protection: learn.microsoft.com/power-apps/developer/data-platform/api-limits — the Web API returns
// 429 Too Many Requests with a Retry-After header (seconds) and error codes 0x80072322 / 0x80072321 / 0x80072326.
// Error body: {"error":{"code","message"}} (learn.microsoft.com/power-apps/developer/data-platform/webapi/compose-http-requests-handle-errors).
public class DataverseResilienceTests
{
    private const string WhoAmI = """{"@odata.context":"https://org.example.crm.dynamics.com/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse","BusinessUnitId":"6f202e6c-e471-ec11-8f8f-000d3a5a8f15","UserId":"b08b46b6-5fce-4bf8-a2b6-4f1d67c3a9c6","OrganizationId":"883278f5-07af-45eb-a0bc-3fea67caa544"}""";

    private static HttpResponseMessage Throttled(int retryAfterSeconds, string code = ServiceProtection.NumberOfRequestsExceeded)
    {
        var response = FakeDataverseHandler.Json(
            $$$"""{"error":{"code":"{{{code}}}","message":"Number of requests exceeded the limit of 6000 over time window of 300 seconds."}}""",
            HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return response;
    }

    [Fact]
    public async Task WhoAmIAsync_Success_SendsODataHeadersAndBearerToken()
    {
        var handler = new FakeDataverseHandler().EnqueueJson(WhoAmI);
        var sut = DataverseTestHost.CreateSut(handler);

        var result = await sut.WhoAmIAsync(CancellationToken.None);

        Assert.Equal(Guid.Parse("b08b46b6-5fce-4bf8-a2b6-4f1d67c3a9c6"), result.UserId);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(DataverseTestHost.ServiceRoot + "WhoAmI", request.Uri.AbsoluteUri);
        Assert.Equal("Bearer test-token", request.Header("Authorization"));
        Assert.Equal("application/json", request.Header("Accept"));
        Assert.Equal("4.0", request.Header("OData-MaxVersion"));
        Assert.Equal("4.0", request.Header("OData-Version"));
        Assert.Equal(1, sut.Counter.Requests);
    }

    [Fact]
    public async Task WhoAmIAsync_429WithRetryAfter_WaitsExactlyThatLongThenRetries()
    {
        var time = new RecordingTimeProvider();
        var handler = new FakeDataverseHandler().Enqueue(_ => Throttled(30)).EnqueueJson(WhoAmI);
        var sut = DataverseTestHost.CreateSut(handler, o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(1), timeProvider: time);

        var call = sut.WhoAmIAsync(CancellationToken.None);
        await handler.WaitForRequestsAsync(1);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Single(handler.Requests);
        Assert.False(call.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(1));
        var result = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(Guid.Parse("b08b46b6-5fce-4bf8-a2b6-4f1d67c3a9c6"), result.UserId);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(1, sut.Counter.Throttled);
        Assert.Equal(1, sut.Counter.Retries);
        Assert.Equal(2, sut.Counter.Requests);
    }

    [Fact]
    public async Task WhoAmIAsync_RetryAfterBeyondLimit_FailsWithThrottlingErrorWithoutWaiting()
    {
        var handler = new FakeDataverseHandler().Enqueue(_ => Throttled(600, ServiceProtection.ExecutionTimeExceeded));
        var sut = DataverseTestHost.CreateSut(handler, o => o.MaxRetryAfter = TimeSpan.FromMinutes(5));

        var error = await Assert.ThrowsAsync<DataverseException>(() => sut.WhoAmIAsync(CancellationToken.None));

        Assert.True(error.IsThrottling);
        Assert.Equal(ServiceProtection.ExecutionTimeExceeded, error.ErrorCode);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task WhoAmIAsync_TransientServerError_RetriedWithBackoff(HttpStatusCode status)
    {
        var handler = new FakeDataverseHandler()
            .EnqueueJson("""{"error":{"code":"0x80040216","message":"busy"}}""", status)
            .EnqueueJson(WhoAmI);
        var sut = DataverseTestHost.CreateSut(handler);

        await sut.WhoAmIAsync(CancellationToken.None);

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(1, sut.Counter.Retries);
    }

    [Fact]
    public async Task WhoAmIAsync_DroppedConnection_Retried()
    {
        var handler = new FakeDataverseHandler()
            .EnqueueException(new HttpRequestException("The response ended prematurely."))
            .EnqueueJson(WhoAmI);
        var sut = DataverseTestHost.CreateSut(handler);

        await sut.WhoAmIAsync(CancellationToken.None);

        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task WhoAmIAsync_AlwaysFailing_StopsAfterBoundedAttempts()
    {
        var handler = new FakeDataverseHandler { Responder = _ => FakeDataverseHandler.Json("""{"error":{"code":"0x80040216","message":"down"}}""", HttpStatusCode.ServiceUnavailable) };
        var sut = DataverseTestHost.CreateSut(handler, o => o.MaxRetryAttempts = 3);

        var error = await Assert.ThrowsAsync<DataverseException>(() => sut.WhoAmIAsync(CancellationToken.None));

        Assert.Equal(4, handler.Requests.Count);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal("down", error.ErrorMessage);
    }

    [Fact]
    public async Task WhoAmIAsync_ClientError_NotRetriedAndErrorParsed()
    {
        var handler = new FakeDataverseHandler().EnqueueJson("""{"error":{"code":"0x80040220","message":"Principal user is missing prvReadUser privilege."}}""", HttpStatusCode.Forbidden);
        var sut = DataverseTestHost.CreateSut(handler);

        var error = await Assert.ThrowsAsync<DataverseException>(() => sut.WhoAmIAsync(CancellationToken.None));

        Assert.Single(handler.Requests);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("0x80040220", error.ErrorCode);
        Assert.Contains("prvReadUser", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyWritesAsync_BatchThrottled_WholeBatchResentAfterRetryAfter()
    {
        var time = new RecordingTimeProvider();
        var handler = new FakeDataverseHandler()
            .Enqueue(_ => Throttled(5, ServiceProtection.ConcurrentRequestsExceeded))
            .Enqueue(_ => BatchResponses.Create(BatchResponses.Changeset("1", BatchResponses.Http(204, "No Content"))));
        var sut = DataverseTestHost.CreateSut(handler, timeProvider: time);

        var call = sut.ApplyWritesAsync([CrmSync.SyncAgent.Dataverse.Batch.RecordWrite.Update("k", "lead", Guid.NewGuid(), new() { ["jobtitle"] = "x" })], CancellationToken.None);
        await handler.WaitForRequestsAsync(1);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(5));
        time.Advance(TimeSpan.FromSeconds(5));
        var results = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(Assert.Single(results).Landed);
        Assert.Equal(handler.Requests[0].BodyText, handler.Requests[1].BodyText);
    }

    [Fact]
    public async Task WhoAmIAsync_AttemptTimesOut_RetriedAndSucceeds()
    {
        var time = new RecordingTimeProvider();
        var handler = new FakeDataverseHandler().EnqueueHang().EnqueueJson(WhoAmI);
        var sut = DataverseTestHost.CreateSut(handler, o => { o.AttemptTimeout = TimeSpan.FromSeconds(30); o.RetryBaseDelay = TimeSpan.Zero; }, timeProvider: time);

        var call = sut.WhoAmIAsync(CancellationToken.None);
        await handler.WaitForRequestsAsync(1);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(30));
        await handler.WaitForRequestsAsync(2);
        var result = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(Guid.Parse("b08b46b6-5fce-4bf8-a2b6-4f1d67c3a9c6"), result.UserId);
        Assert.Equal(1, sut.Counter.Retries);
    }
}
