using System.Net;
using CrmSync.SyncAgent.Marketo;

namespace CrmSync.SyncAgent.Tests.Marketo;

/// <summary>Error handling per https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/error-codes.</summary>
public sealed class MarketoRetryTests
{
    private const string Describe = "/rest/v1/leads/describe.json";

    [Fact]
    public async Task Call_606_HoldsCallsForTheRateWindowThenRetries()
    {
        using var host = new MarketoTestHost();
        host.Handler.EnqueueJson(Describe, FakeMarketoHandler.Error("606", "Max rate limit '100' exceeded with in '20' secs"));
        host.Handler.OnJson(Describe, MarketoDocSamples.Describe);

        var call = host.Client.DescribeLeadsAsync(CancellationToken.None);
        var pause = await host.Time.NextTimerAsync();
        Assert.False(call.IsCompleted);
        host.Time.Advance(pause);
        await call;

        Assert.Equal(TimeSpan.FromSeconds(20), pause);
        var rest = host.Handler.Rest.ToList();
        Assert.Equal(2, rest.Count);
        Assert.True(rest[1].At - rest[0].At >= TimeSpan.FromSeconds(20));
        Assert.Equal(1, host.Client.Usage.RateLimited);
    }

    [Fact]
    public async Task Call_615_BacksOffAndRetries()
    {
        using var host = new MarketoTestHost(o => o.ConcurrencyBackoff = TimeSpan.FromSeconds(2));
        host.Handler.EnqueueJson(Describe,
            FakeMarketoHandler.Error("615", "Concurrent access limit reached"),
            FakeMarketoHandler.Error("615", "Concurrent access limit reached"));
        host.Handler.OnJson(Describe, MarketoDocSamples.Describe);

        var fields = await host.Time.DriveAsync(host.Client.DescribeLeadsAsync(CancellationToken.None));

        Assert.Single(fields);
        var rest = host.Handler.Rest.ToList();
        Assert.Equal(3, rest.Count);
        Assert.Equal(TimeSpan.FromSeconds(2), rest[1].At - rest[0].At);
        Assert.Equal(TimeSpan.FromSeconds(4), rest[2].At - rest[1].At);
    }

    [Fact]
    public async Task Call_606Persistent_GivesUpAfterBoundedRetries()
    {
        using var host = new MarketoTestHost(o => o.MaxRateLimitRetries = 2);
        host.Handler.OnJson(Describe, FakeMarketoHandler.Error("606", "Max rate limit '100' exceeded with in '20' secs"));

        var error = await Assert.ThrowsAsync<MarketoApiException>(() => host.Time.DriveAsync(host.Client.DescribeLeadsAsync(CancellationToken.None)));

        Assert.Equal("606", error.Code);
        Assert.Equal(3, host.Handler.Rest.Count());
    }

    [Fact]
    public async Task Call_607_ThrowsQuotaExceededWithoutRetrying()
    {
        using var host = new MarketoTestHost(o => o.MaxTransientRetries = 4);
        host.Handler.OnJson(Describe, FakeMarketoHandler.Error("607", "Daily quota reached"));

        var error = await Assert.ThrowsAsync<MarketoQuotaExceededException>(() => host.Client.DescribeLeadsAsync(CancellationToken.None));

        Assert.Equal("607", error.Code);
        Assert.Equal("e42b#14272d07d78", error.RequestId);
        Assert.Single(host.Handler.Rest);
    }

    [Fact]
    public async Task SyncLeads_607OnSecondBatch_StopsAndSendsNothingMore()
    {
        using var host = new MarketoTestHost();
        host.Handler.Enqueue("/rest/v1/leads.json", r => FakeMarketoHandler.Json(RecordResults(300)));
        host.Handler.OnJson("/rest/v1/leads.json", FakeMarketoHandler.Error("607", "Daily quota reached"));
        var records = Enumerable.Range(0, 900).Select(i => Lead($"p{i}@example.com")).ToList();

        await Assert.ThrowsAsync<MarketoQuotaExceededException>(
            () => host.Client.SyncLeadsAsync(SyncLeadsAction.CreateOrUpdate, "email", records, CancellationToken.None));

        Assert.Equal(2, host.Handler.Rest.Count());
    }

    [Theory]
    [InlineData("604", "Request time-out")]
    [InlineData("608", "API Temporarily Unavailable")]
    [InlineData("611", "System error")]
    [InlineData("713", "Transient Error")]
    public async Task Call_TransientErrorCode_IsRetried(string code, string message)
    {
        using var host = new MarketoTestHost();
        host.Handler.EnqueueJson(Describe, FakeMarketoHandler.Error(code, message));
        host.Handler.OnJson(Describe, MarketoDocSamples.Describe);

        var fields = await host.Client.DescribeLeadsAsync(CancellationToken.None);

        Assert.Single(fields);
        Assert.Equal(2, host.Handler.Rest.Count());
    }

    [Fact]
    public async Task Call_Http502_IsRetriedWithBackoffOnTheClock()
    {
        // Error-codes page, 502: "The request should be retried with exponential backoff."
        using var host = new MarketoTestHost(o => o.TransientRetryDelay = TimeSpan.FromSeconds(1));
        host.Handler.Enqueue(Describe, _ => new HttpResponseMessage(HttpStatusCode.BadGateway));
        host.Handler.Enqueue(Describe, _ => new HttpResponseMessage(HttpStatusCode.BadGateway));
        host.Handler.OnJson(Describe, MarketoDocSamples.Describe);

        await host.Time.DriveAsync(host.Client.DescribeLeadsAsync(CancellationToken.None));

        var rest = host.Handler.Rest.ToList();
        Assert.Equal(3, rest.Count);
        Assert.True(rest[2].At > rest[0].At, "retries must wait on the injected clock");
    }

    [Fact]
    public async Task Call_NetworkFault_IsRetried()
    {
        using var host = new MarketoTestHost();
        host.Handler.Enqueue(Describe, _ => throw new HttpRequestException("connection reset"));
        host.Handler.OnJson(Describe, MarketoDocSamples.Describe);

        var fields = await host.Client.DescribeLeadsAsync(CancellationToken.None);

        Assert.Single(fields);
    }

    [Fact]
    public async Task Call_611Persistent_GivesUpAfterMaxTransientRetries()
    {
        using var host = new MarketoTestHost(o => o.MaxTransientRetries = 3);
        host.Handler.OnJson(Describe, FakeMarketoHandler.Error("611", "System error"));

        var error = await Assert.ThrowsAsync<MarketoTransientException>(() => host.Client.DescribeLeadsAsync(CancellationToken.None));

        Assert.Equal("611", error.Code);
        Assert.Equal(4, host.Handler.Rest.Count());
    }

    [Theory]
    [InlineData("603", "Access denied")]
    [InlineData("610", "Requested resource not found")]
    public async Task Call_NonRetryableError_ThrowsImmediately(string code, string message)
    {
        using var host = new MarketoTestHost();
        host.Handler.OnJson(Describe, FakeMarketoHandler.Error(code, message));

        var error = await Assert.ThrowsAsync<MarketoApiException>(() => host.Client.DescribeLeadsAsync(CancellationToken.None));

        Assert.Equal(code, error.Code);
        Assert.Equal(message, error.ErrorMessage);
        Assert.Single(host.Handler.Rest);
    }

    [Fact]
    public async Task Call_Http414_ThrowsWithoutRetrying()
    {
        using var host = new MarketoTestHost();
        host.Handler.On(Describe, _ => new HttpResponseMessage(HttpStatusCode.RequestUriTooLong));

        var error = await Assert.ThrowsAsync<MarketoApiException>(() => host.Client.DescribeLeadsAsync(CancellationToken.None));

        Assert.Equal("HTTP 414", error.Code);
        Assert.Single(host.Handler.Rest);
    }

    internal static string RecordResults(int count) =>
        "{\"requestId\":\"r\",\"success\":true,\"result\":["
        + string.Join(",", Enumerable.Range(0, count).Select(i => $"{{\"id\":{i + 1},\"status\":\"updated\"}}"))
        + "]}";

    internal static IReadOnlyDictionary<string, System.Text.Json.JsonElement> Lead(string email) =>
        new Dictionary<string, System.Text.Json.JsonElement> { ["email"] = MarketoValues.String(email) };
}
