using CrmSync.SyncAgent.Dataverse.Pacing;
using Microsoft.Extensions.Time.Testing;

namespace CrmSync.SyncAgent.Tests.Dataverse.Pacing;

// The pacing Microsoft recommends for Dataverse's service protection limits
// (learn.microsoft.com/power-apps/developer/data-platform/api-limits, "How to maximize throughput"): start with few
// requests, raise while no 429 comes back, and on a 429 wait the Retry-After before sending again. The limits: 20
// minutes of combined execution time per user and 5-minute sliding window, 52 concurrent requests.
public sealed class DataversePacerTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private static (DataversePacer Pacer, FakeTimeProvider Time) CreateSut(int maxConcurrency = 8, TimeSpan? budget = null, int maxBatchSize = 1000)
    {
        var time = new FakeTimeProvider(Start);
        var settings = new PacingSettings
        {
            MaxConcurrency = maxConcurrency,
            MaxBatchSize = maxBatchSize,
            ExecutionTimeBudget = budget ?? TimeSpan.FromMinutes(19),
            Window = TimeSpan.FromMinutes(5),
            TargetBatchDuration = TimeSpan.FromSeconds(10),
        };
        return (new DataversePacer(settings, time), time);
    }

    [Fact]
    public void TryEnter_AtStart_AdmitsOneRequestThenWaitsForItToEnd()
    {
        var (sut, _) = CreateSut();

        var first = sut.TryEnter();
        var second = sut.TryEnter();

        Assert.Equal(TimeSpan.Zero, first);
        Assert.Equal(Timeout.InfiniteTimeSpan, second);
        Assert.Equal(1, sut.Limit);
        Assert.Equal(1, sut.InFlight);
    }

    [Fact]
    public void Succeeded_BeforeAny429_RaisesByOnePerSuccessUpToTheCeiling()
    {
        var (sut, _) = CreateSut(maxConcurrency: 4);
        var limits = new List<int>();

        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(TimeSpan.Zero, sut.TryEnter());
            sut.Succeeded(TimeSpan.FromSeconds(1));
            limits.Add(sut.Limit);
        }

        Assert.Equal([2, 3, 4, 4, 4, 4], limits);
    }

    [Fact]
    public void Throttled_HalvesTheLimitAndPausesEveryRequestUntilRetryAfter()
    {
        var (sut, time) = CreateSut(maxConcurrency: 8);
        for (var i = 0; i < 7; i++)
        {
            sut.TryEnter();
            sut.Succeeded(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(8, sut.Limit);
        sut.TryEnter();
        var sent = time.GetTimestamp();
        time.Advance(TimeSpan.FromSeconds(1));
        sut.Throttled(sent, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

        Assert.Equal(4, sut.Limit);
        Assert.False(sut.SlowStart);
        Assert.Equal(TimeSpan.FromSeconds(30), sut.TryEnter());
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(TimeSpan.FromSeconds(1), sut.TryEnter());
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, sut.TryEnter());
    }

    [Fact]
    public void Throttled_RetryAfterBeyondMaxPause_HalvesButDoesNotPause()
    {
        // Such a request fails and the cycle stops cleanly (DataverseOptions.MaxRetryAfter); the next cycle must not
        // wait the 600 s either.
        var (sut, time) = CreateSut(maxConcurrency: 8);
        sut.TryEnter();
        sut.Succeeded(TimeSpan.FromSeconds(1));
        sut.TryEnter();
        sut.Throttled(time.GetTimestamp(), TimeSpan.Zero, TimeSpan.FromSeconds(600));

        Assert.Equal(1, sut.Limit);
        Assert.Equal(TimeSpan.Zero, sut.TryEnter());
    }

    [Fact]
    public void Throttled_RequestsAlreadyInFlightAtTheHalving_DoNotHalveAgain()
    {
        var (sut, time) = CreateSut(maxConcurrency: 8);
        for (var i = 0; i < 7; i++)
        {
            sut.TryEnter();
            sut.Succeeded(TimeSpan.FromSeconds(1));
        }

        var sent = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            sut.TryEnter();
            sent.Add(time.GetTimestamp());
        }

        time.Advance(TimeSpan.FromSeconds(1));
        foreach (var timestamp in sent)
        {
            sut.Throttled(timestamp, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        }

        Assert.Equal(4, sut.Limit);
        time.Advance(TimeSpan.FromSeconds(2));
        sut.TryEnter();
        var later = time.GetTimestamp();
        sut.Throttled(later, TimeSpan.Zero, TimeSpan.FromSeconds(2));
        Assert.Equal(2, sut.Limit);
    }

    [Fact]
    public void Succeeded_AfterA429_RaisesByOneOnlyPerLimitSuccesses()
    {
        var (sut, time) = CreateSut(maxConcurrency: 8);
        for (var i = 0; i < 7; i++)
        {
            sut.TryEnter();
            sut.Succeeded(TimeSpan.FromSeconds(1));
        }

        sut.TryEnter();
        sut.Throttled(time.GetTimestamp(), TimeSpan.Zero, retryAfter: null);
        var limits = new List<int>();
        for (var i = 0; i < 9; i++)
        {
            sut.TryEnter();
            sut.Succeeded(TimeSpan.FromSeconds(1));
            limits.Add(sut.Limit);
        }

        Assert.Equal([4, 4, 4, 5, 5, 5, 5, 5, 6], limits);
    }

    [Fact]
    public void TryEnter_ExecutionTimeBudgetSpent_WaitsUntilTheOldestRequestLeavesTheWindow()
    {
        var (sut, time) = CreateSut(maxConcurrency: 8, budget: TimeSpan.FromSeconds(100));
        sut.TryEnter();
        sut.Succeeded(TimeSpan.FromSeconds(60));
        time.Advance(TimeSpan.FromSeconds(10));
        sut.TryEnter();
        sut.Succeeded(TimeSpan.FromSeconds(40));
        time.Advance(TimeSpan.FromSeconds(10));

        var wait = sut.TryEnter();
        time.Advance(TimeSpan.FromSeconds(280));
        var admitted = sut.TryEnter();

        Assert.Equal(TimeSpan.FromSeconds(280), wait);
        Assert.Equal(1, sut.BudgetWaits);
        Assert.Equal(TimeSpan.Zero, admitted);
        Assert.Equal(TimeSpan.FromSeconds(40), sut.Spent);
    }

    [Fact]
    public void TryEnter_RequestsInFlight_CountAtTheirMeanDurationAgainstTheBudget()
    {
        var (sut, _) = CreateSut(maxConcurrency: 8, budget: TimeSpan.FromSeconds(100));
        sut.TryEnter();
        sut.Succeeded(TimeSpan.FromSeconds(30));
        sut.TryEnter();
        sut.Succeeded(TimeSpan.FromSeconds(30));

        var admitted = new List<TimeSpan> { sut.TryEnter(), sut.TryEnter() };

        // 60 s spent + one request in flight at a mean of 30 s = 90 s < 100 s: the second is admitted too; a third is not.
        Assert.Equal([TimeSpan.Zero, TimeSpan.Zero], admitted);
        Assert.NotEqual(TimeSpan.Zero, sut.TryEnter());
    }

    [Theory]
    [InlineData(1000, 5_000, 1000)]
    [InlineData(1000, 50_000, 200)]
    [InlineData(100, 120_000, 8)]
    public void BatchCompleted_SizesTheNextBatchToTheTargetDuration(int operations, int milliseconds, int expected)
    {
        var (sut, _) = CreateSut();

        sut.BatchCompleted(operations, TimeSpan.FromMilliseconds(milliseconds));

        Assert.Equal(expected, sut.BatchSize);
    }
}
