using System.Net;
using CrmSync.DataverseEmulator.Admin;
using CrmSync.DataverseEmulator.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace CrmSync.DataverseEmulator.Tests;

/// <summary>
/// Service protection limits (https://learn.microsoft.com/power-apps/developer/data-platform/api-limits):
/// 429 with Retry-After and the documented error codes, per user; and fault injection.
/// </summary>
public sealed class ServiceProtectionAndFaultTests
{
    [Fact]
    public async Task Requests_OverWindowLimit_Return429WithRetryAfterUntilWindowPasses()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var options = EmulatorClient.Options(time);
        options.ServiceProtection = new ServiceProtectionLimits { RequestsPerWindow = 2, Window = TimeSpan.FromSeconds(60) };
        await using var emulator = await DataverseEmulator.StartAsync(options);
        using var sync = new EmulatorClient(emulator, EmulatorClient.SyncToken);
        using var maker = new EmulatorClient(emulator, EmulatorClient.MakerToken);

        using var first = await sync.SendAsync(HttpMethod.Get, "WhoAmI");
        time.Advance(TimeSpan.FromSeconds(10));
        using var second = await sync.SendAsync(HttpMethod.Get, "WhoAmI");
        using var third = await sync.SendAsync(HttpMethod.Get, "WhoAmI");
        using var otherUser = await maker.SendAsync(HttpMethod.Get, "WhoAmI");
        time.Advance(TimeSpan.FromSeconds(50));
        using var afterWindow = await sync.SendAsync(HttpMethod.Get, "WhoAmI");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((HttpStatusCode)429, third.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(50), third.Headers.RetryAfter!.Delta);
        var (code, message) = await EmulatorClient.ErrorAsync(third);
        Assert.Equal("0x80072322", code);
        Assert.Equal("Number of requests exceeded the limit of 2 over time window of 60 seconds.", message);
        Assert.Equal(HttpStatusCode.OK, otherUser.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterWindow.StatusCode);
        Assert.Equal(1, emulator.Admin.Counters.Throttled);
    }

    [Fact]
    public async Task Requests_OverConcurrencyLimit_Return429ConcurrencyCode()
    {
        var options = EmulatorClient.Options();
        options.ServiceProtection = new ServiceProtectionLimits { ConcurrentRequests = 1 };
        await using var emulator = await DataverseEmulator.StartAsync(options);
        using var client = new EmulatorClient(emulator, EmulatorClient.SyncToken);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        emulator.Admin.Faults = new FaultSettings
        {
            RequestGate = async _ =>
            {
                if (entered.TrySetResult())
                {
                    await release.Task;
                }
            },
        };

        var held = client.SendAsync(HttpMethod.Get, "WhoAmI");
        await entered.Task;
        using var rejected = await client.SendAsync(HttpMethod.Get, "WhoAmI");
        release.SetResult();
        using var completed = await held;

        Assert.Equal((HttpStatusCode)429, rejected.StatusCode);
        Assert.Equal("0x80072326", (await EmulatorClient.ErrorAsync(rejected)).Code);
        Assert.NotNull(rejected.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
    }

    [Fact]
    public async Task FailNextRequests_AnswersInjectedStatusThenRecovers()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.SyncToken);
        emulator.Admin.FailNextRequests(1, 503);

        using var failed = await client.SendAsync(HttpMethod.Post, "contacts", new { lastname = "x" });
        using var ok = await client.SendAsync(HttpMethod.Get, "WhoAmI");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(0, emulator.Admin.Count("contact"));
        Assert.Equal(1, emulator.Admin.Counters.FaultsInjected);
    }

    [Fact]
    public async Task DropNextRequests_AbortsTheConnection()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.SyncToken);
        emulator.Admin.DropNextRequests(1);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(HttpMethod.Get, "WhoAmI"));
        using var ok = await client.SendAsync(HttpMethod.Get, "WhoAmI");

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task ServerErrorRate_One_FailsEveryRequest()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.SyncToken);
        emulator.Admin.Faults = new FaultSettings { ServerErrorRate = 1.0, ServerErrorStatus = 500, Seed = 1 };

        using var response = await client.SendAsync(HttpMethod.Get, "WhoAmI");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("0x80040216", (await EmulatorClient.ErrorAsync(response)).Code);
    }

    [Fact]
    public async Task ThrottleRate_OneInTen_AboutATenthAnswer429WithRetryAfterAndTheRequestLimitCode()
    {
        // The webhook-load benchmark's knob (issue 17): Dataverse answering 429 to one request in ten, seeded.
        const int Seed = 1717;
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.SyncToken);
        emulator.Admin.Faults = new FaultSettings { ThrottleRate = 0.1, ThrottleRetryAfterSeconds = 1, Seed = Seed };

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? throttled = null;
        for (var i = 0; i < 400; i++)
        {
            var response = await client.SendAsync(HttpMethod.Get, "WhoAmI");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == (HttpStatusCode)429 && throttled is null)
            {
                throttled = response;
                continue;
            }

            response.Dispose();
        }

        using var first = throttled;
        var count = statuses.Count(s => s == (HttpStatusCode)429);
        // Binomial(400, 0.1): mean 40, standard deviation 6; 20–60 is beyond 3 deviations either side.
        Assert.True(count is >= 20 and <= 60, $"{count} of 400 answered 429 (seed {Seed})");
        Assert.Equal(400 - count, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(TimeSpan.FromSeconds(1), first!.Headers.RetryAfter!.Delta);
        Assert.Equal("0x80072322", (await EmulatorClient.ErrorAsync(first)).Code);
        Assert.Equal(count, emulator.Admin.Counters.FaultsInjected);
    }

    [Fact]
    public async Task DelayRate_One_WaitsOnTheEmulatorClock()
    {
        var time = new ObservedTime();
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options(time));
        using var client = new EmulatorClient(emulator, EmulatorClient.SyncToken);
        emulator.Admin.Faults = new FaultSettings { DelayRate = 1.0, Delay = TimeSpan.FromSeconds(30) };

        var pending = client.SendAsync(HttpMethod.Get, "WhoAmI");
        // Bounded, deterministic: the request's delay arms a 30 s timer on the emulator's clock (not a real wait).
        await time.DelayArmed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(29));
        var firedEarly = time.DelayFired;
        time.Advance(TimeSpan.FromSeconds(1));
        using var response = await pending.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(firedEarly, "The injected delay ended before 30 s of emulator time.");
        Assert.True(time.DelayFired);
        Assert.Equal(1, emulator.Admin.Counters.FaultsInjected);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RequestLog_RecordsStatusErrorCodeAndColumns()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.SyncToken);
        var id = await client.CreateAsync("contacts", new { lastname = "Logged", emailaddress1 = "l@example.com" });
        await client.GetJsonAsync($"contacts({id})?$select=lastname,emailaddress1");
        using var missing = await client.SendAsync(HttpMethod.Get, $"contacts({Guid.NewGuid()})");

        var log = emulator.Admin.RequestLog;

        Assert.Equal(3, log.Count);
        Assert.Equal(["lastname", "emailaddress1"], log[0].WrittenColumns);
        Assert.Equal(["lastname", "emailaddress1"], log[1].RequestedColumns);
        Assert.Equal((404, "0x80040217"), (log[2].Status, log[2].ErrorCode));
        Assert.All(log, e => Assert.Equal(emulator.Admin.SyncUser.Id, e.UserId));
    }

    /// <summary>A fake clock that reports when a 30 s timer (the injected delay) is armed and when it fires.</summary>
    private sealed class ObservedTime : FakeTimeProvider
    {
        private static readonly TimeSpan Delay = TimeSpan.FromSeconds(30);
        private volatile bool _fired;

        public TaskCompletionSource DelayArmed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool DelayFired => _fired;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != Delay)
            {
                return base.CreateTimer(callback, state, dueTime, period);
            }

            var timer = base.CreateTimer(s => { _fired = true; callback(s); }, state, dueTime, period);
            DelayArmed.TrySetResult();
            return timer;
        }
    }
}
