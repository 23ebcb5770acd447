using System.Net;
using System.Text;
using CrmSync.DataverseEmulator.Admin;
using CrmSync.DataverseEmulator.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace CrmSync.DataverseEmulator.Tests;

/// <summary>
/// The execution-time and concurrency service protection limits of
/// https://learn.microsoft.com/power-apps/developer/data-platform/api-limits: per user and 5-minute sliding window,
/// 20 minutes of combined execution time (429, error code 0x80072321, Retry-After) and 52 concurrent requests
/// (0x80072326). The emulator's server cost of a request is what it measured handling it plus a configured cost per write.
/// </summary>
public sealed class ExecutionTimeLimitTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ServiceProtectionLimits_Defaults_AreMicrosoftsDocumentedLimitsAndTenMillisecondsPerWrite()
    {
        var limits = new ServiceProtectionLimits();

        Assert.Equal(6000, limits.RequestsPerWindow);
        Assert.Equal(TimeSpan.FromSeconds(300), limits.Window);
        Assert.Equal(TimeSpan.FromMinutes(20), limits.ExecutionTimePerWindow);
        Assert.Equal(52, limits.ConcurrentRequests);
        Assert.Equal(TimeSpan.FromMilliseconds(10), limits.WriteCost);
        Assert.False(limits.SimulateServerTime);
    }

    [Fact]
    public async Task Writes_OverExecutionTimeLimit_Return429WithExecutionTimeCodeAndRetryAfterUntilWindowPasses()
    {
        var time = new FakeTimeProvider(Start);
        var options = EmulatorClient.Options(time);
        options.ServiceProtection = new ServiceProtectionLimits { WriteCost = TimeSpan.FromMinutes(1), ExecutionTimePerWindow = TimeSpan.FromMinutes(2) };
        await using var emulator = await DataverseEmulator.StartAsync(options);
        using var sync = new EmulatorClient(emulator, EmulatorClient.SyncToken);
        using var maker = new EmulatorClient(emulator, EmulatorClient.MakerToken);

        using var first = await sync.SendAsync(HttpMethod.Post, "contacts", new { lastname = "One" });
        time.Advance(TimeSpan.FromSeconds(10));
        using var second = await sync.SendAsync(HttpMethod.Post, "contacts", new { lastname = "Two" });
        time.Advance(TimeSpan.FromSeconds(10));
        using var throttled = await sync.SendAsync(HttpMethod.Get, "WhoAmI");
        using var otherUser = await maker.SendAsync(HttpMethod.Get, "WhoAmI");
        time.Advance(TimeSpan.FromSeconds(279));
        using var stillThrottled = await sync.SendAsync(HttpMethod.Get, "WhoAmI");
        time.Advance(TimeSpan.FromSeconds(1));
        using var afterWindow = await sync.SendAsync(HttpMethod.Get, "WhoAmI");

        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        Assert.Equal((HttpStatusCode)429, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(280), throttled.Headers.RetryAfter!.Delta);
        var (code, message) = await EmulatorClient.ErrorAsync(throttled);
        Assert.Equal("0x80072321", code);
        Assert.Equal(
            "Combined execution time of incoming requests exceeded limit of 120,000 milliseconds over time window of 300 seconds. "
            + "Decrease number of concurrent requests or reduce the duration of requests and try again later.",
            message);
        Assert.Equal(HttpStatusCode.OK, otherUser.StatusCode);
        Assert.Equal((HttpStatusCode)429, stillThrottled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), stillThrottled.Headers.RetryAfter!.Delta);
        Assert.Equal(HttpStatusCode.OK, afterWindow.StatusCode);
        Assert.Equal(2, emulator.Admin.Counters.Throttled);
    }

    [Fact]
    public async Task Reads_CostOnlyTheirMeasuredTime_NeverReachTheExecutionTimeLimit()
    {
        var time = new FakeTimeProvider(Start);
        var options = EmulatorClient.Options(time);
        options.ServiceProtection = new ServiceProtectionLimits { WriteCost = TimeSpan.FromMinutes(1), ExecutionTimePerWindow = TimeSpan.FromMinutes(1) };
        await using var emulator = await DataverseEmulator.StartAsync(options);
        using var sync = new EmulatorClient(emulator, EmulatorClient.SyncToken);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var read = await sync.SendAsync(HttpMethod.Get, "contacts?$select=lastname");
            statuses.Add(read.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 5), statuses);
    }

    [Theory]
    [InlineData(2, HttpStatusCode.OK)]
    [InlineData(3, (HttpStatusCode)429)]
    public async Task Batch_ChargesEveryWriteItHolds(int writes, HttpStatusCode next)
    {
        var time = new FakeTimeProvider(Start);
        var options = EmulatorClient.Options(time);
        options.ServiceProtection = new ServiceProtectionLimits { WriteCost = TimeSpan.FromMinutes(1), ExecutionTimePerWindow = TimeSpan.FromMinutes(3) };
        await using var emulator = await DataverseEmulator.StartAsync(options);
        using var sync = new EmulatorClient(emulator, EmulatorClient.SyncToken);
        var api = emulator.ApiUrl.ToString();
        var content = new StringBuilder();
        for (var i = 1; i <= writes; i++)
        {
            content.Append("--batch_X\r\nContent-Type: multipart/mixed; boundary=cs_").Append(i).Append("\r\n\r\n--cs_").Append(i)
                .Append("\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: ").Append(i)
                .Append("\r\n\r\nPOST ").Append(api).Append("contacts HTTP/1.1\r\nContent-Type: application/json; type=entry\r\n\r\n{\"lastname\":\"B")
                .Append(i).Append("\"}\r\n--cs_").Append(i).Append("--\r\n");
        }

        content.Append("--batch_X--\r\n");
        using var request = new HttpRequestMessage(HttpMethod.Post, "$batch") { Content = new StringContent(content.ToString(), Encoding.UTF8) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/mixed; boundary=batch_X");
        using var batch = await sync.Http.SendAsync(request);
        using var after = await sync.SendAsync(HttpMethod.Get, "WhoAmI");

        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        Assert.Equal(writes, emulator.Admin.Count("contact"));
        Assert.Equal(next, after.StatusCode);
    }

    [Fact]
    public async Task SimulateServerTime_ResponseWaitsOutTheWriteCostOnTheEmulatorClock()
    {
        var time = new FakeTimeProvider(Start);
        var options = EmulatorClient.Options(time);
        options.ServiceProtection = new ServiceProtectionLimits { WriteCost = TimeSpan.FromSeconds(10), SimulateServerTime = true };
        await using var emulator = await DataverseEmulator.StartAsync(options);
        using var sync = new EmulatorClient(emulator, EmulatorClient.SyncToken);

        var pending = sync.SendAsync(HttpMethod.Post, "contacts", new { lastname = "Slow" });
        for (var i = 0; i < 500 && emulator.Admin.Count("contact") == 0; i++)
        {
            await Task.Delay(10);
        }

        await Task.Delay(50);
        Assert.False(pending.IsCompleted);
        // The delay's timer may be registered just after the write lands: advance in steps until it fires (bounded).
        for (var i = 0; i < 100 && !pending.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }

        using var response = await pending;
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.True(time.GetUtcNow() - Start >= TimeSpan.FromSeconds(10), $"answered after {time.GetUtcNow() - Start}");
    }

    [Fact]
    public async Task Requests_OverTheDefaultFiftyTwoConcurrent_Return429ConcurrencyCode()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.SyncToken);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = 0;
        emulator.Admin.Faults = new FaultSettings
        {
            RequestGate = async _ =>
            {
                Interlocked.Increment(ref entered);
                await release.Task;
            },
        };

        var held = Enumerable.Range(0, 52).Select(_ => client.SendAsync(HttpMethod.Get, "WhoAmI")).ToArray();
        for (var i = 0; i < 1000 && Volatile.Read(ref entered) < 52; i++)
        {
            await Task.Delay(10);
        }

        using var rejected = await client.SendAsync(HttpMethod.Get, "WhoAmI");
        release.SetResult();
        var completed = await Task.WhenAll(held);

        Assert.Equal(52, Volatile.Read(ref entered));
        Assert.Equal((HttpStatusCode)429, rejected.StatusCode);
        var (code, message) = await EmulatorClient.ErrorAsync(rejected);
        Assert.Equal("0x80072326", code);
        Assert.Equal("Number of concurrent requests exceeded the limit of 52.", message);
        Assert.All(completed, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var response in completed)
        {
            response.Dispose();
        }
    }
}
