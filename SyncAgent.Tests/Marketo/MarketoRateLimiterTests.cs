using CrmSync.SyncAgent.Marketo;

namespace CrmSync.SyncAgent.Tests.Marketo;

/// <summary>
/// Client-side limits: "100 API calls per 20 seconds" and "a maximum of ten concurrent API calls"
/// (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/marketo-integration-best-practices).
/// </summary>
public sealed class MarketoRateLimiterTests
{
    [Fact]
    public async Task AcquireAsync_250Calls_NeverMoreThan100InAny20Seconds()
    {
        var time = new SignallingTimeProvider();
        using var sut = new MarketoRateLimiter(new MarketoOptions(), time);
        var starts = new List<DateTimeOffset>();

        var run = Task.Run(async () =>
        {
            for (var i = 0; i < 250; i++)
            {
                using var lease = await sut.AcquireAsync(CancellationToken.None);
                starts.Add(time.GetUtcNow());
            }
        });
        await time.DriveAsync(run);

        Assert.Equal(250, starts.Count);
        for (var i = 0; i + 100 < starts.Count; i++)
        {
            Assert.True(starts[i + 100] - starts[i] >= TimeSpan.FromSeconds(20), $"calls {i}..{i + 100} fit in less than 20 s");
        }

        // The limiter should not be slower than it must: 250 calls need two full windows, not more.
        Assert.Equal(TimeSpan.FromSeconds(40), starts[^1] - starts[0]);
    }

    [Fact]
    public async Task ConnectorCalls_250Describes_NeverMoreThan100InAny20Seconds()
    {
        using var host = new MarketoTestHost();
        host.Handler.OnJson("/rest/v1/leads/describe.json", MarketoDocSamples.Describe);

        var run = Task.Run(async () =>
        {
            for (var i = 0; i < 250; i++)
            {
                await host.Client.DescribeLeadsAsync(CancellationToken.None);
            }
        });
        await host.Time.DriveAsync(run);

        var starts = host.Handler.Rest.Select(r => r.At).ToList();
        Assert.Equal(250, starts.Count);
        for (var i = 0; i + 100 < starts.Count; i++)
        {
            Assert.True(starts[i + 100] - starts[i] >= TimeSpan.FromSeconds(20));
        }

        Assert.Equal(250, host.Client.Usage.RestCalls);
    }

    [Fact]
    public async Task AcquireAsync_CallAnsweredLate_KeepsItsPlaceUntilOneWindowAfterTheAnswer()
    {
        // Marketo counts a call when it arrives, somewhere between its start and its answer: the client's window must
        // not let a call go before one window after its answer.
        var time = new SignallingTimeProvider();
        using var sut = new MarketoRateLimiter(new MarketoOptions { MaxCallsPerWindow = 1, RateWindow = TimeSpan.FromSeconds(20) }, time);
        var first = await sut.AcquireAsync(CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(30)); // still in flight, past a window after its start
        var second = sut.AcquireAsync(CancellationToken.None).AsTask();
        Assert.False(second.IsCompleted);
        first.Dispose();
        Assert.Equal(TimeSpan.FromSeconds(20), await time.NextTimerAsync());
        time.Advance(TimeSpan.FromSeconds(19));
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        using var lease = await second.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AcquireAsync_ConcurrencyLimitHeld_NextCallerWaitsForARelease()
    {
        var time = new SignallingTimeProvider();
        using var sut = new MarketoRateLimiter(new MarketoOptions { MaxConcurrentCalls = 10 }, time);
        var held = new List<MarketoRateLimiter.Lease>();
        for (var i = 0; i < 10; i++)
        {
            held.Add(await sut.AcquireAsync(CancellationToken.None));
        }

        var eleventh = sut.AcquireAsync(CancellationToken.None).AsTask();
        Assert.False(eleventh.IsCompleted);

        held[0].Dispose();
        using var lease = await eleventh.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(11, sut.CallsInWindow);
    }

    [Fact]
    public async Task AcquireAsync_Paused_WaitsUntilThePauseEnds()
    {
        var time = new SignallingTimeProvider();
        using var sut = new MarketoRateLimiter(new MarketoOptions(), time);
        sut.Pause(TimeSpan.FromSeconds(20));

        var acquire = sut.AcquireAsync(CancellationToken.None).AsTask();
        var due = await time.NextTimerAsync();
        Assert.Equal(TimeSpan.FromSeconds(20), due);
        time.Advance(TimeSpan.FromSeconds(19));
        Assert.False(acquire.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        using var lease = await acquire.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AcquireAsync_Cancelled_ReleasesItsConcurrencySlot()
    {
        var time = new SignallingTimeProvider();
        using var sut = new MarketoRateLimiter(new MarketoOptions { MaxConcurrentCalls = 1 }, time);
        sut.Pause(TimeSpan.FromMinutes(1));
        using var cts = new CancellationTokenSource();

        var waiting = sut.AcquireAsync(cts.Token).AsTask();
        await time.NextTimerAsync();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        time.Advance(TimeSpan.FromMinutes(1));
        using var lease = await sut.AcquireAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
    }
}
