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
        sut.Succeeded(TimeSpan.FromSeconds(40));
        time.Advance(TimeSpan.FromSeconds(10));
        sut.TryEnter(); // 40 s spent + its own 40 s (the mean) < 100 s
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
    public void TryEnter_BudgetOverspentByManyRequests_WaitsUntilEnoughOfThemLeaveTheWindow()
    {
        // 12 requests of 10 s ending a second apart: 120 s spent against a 100 s budget; the next request is expected to
        // take the mean, 10 s. The oldest leaving frees 10 s, which is not enough; the fourth leaving (at 3 s + 300 s)
        // brings the account to 80 s, and 80 s + 10 s < 100 s.
        var (sut, time) = CreateSut(maxConcurrency: 8, budget: TimeSpan.FromSeconds(100));
        for (var i = 0; i < 12; i++)
        {
            sut.Succeeded(TimeSpan.FromSeconds(10));
            time.Advance(TimeSpan.FromSeconds(1));
        }

        time.Advance(TimeSpan.FromSeconds(8)); // now: 20 s after the first ended
        var wait = sut.TryEnter();
        time.Advance(wait);
        var admitted = sut.TryEnter();

        Assert.Equal(TimeSpan.FromSeconds(283), wait);
        Assert.Equal(1, sut.BudgetWaits);
        Assert.Equal(TimeSpan.Zero, admitted);
        Assert.Equal(TimeSpan.FromSeconds(80), sut.Spent);
    }

    [Fact]
    public void TryEnter_RequestsInFlight_CountAtTheirMeanDurationAgainstTheBudget()
    {
        var (sut, _) = CreateSut(maxConcurrency: 8, budget: TimeSpan.FromSeconds(100));
        sut.TryEnter();
        sut.Succeeded(TimeSpan.FromSeconds(30));
        sut.TryEnter();
        sut.Succeeded(TimeSpan.FromSeconds(30));

        var admitted = sut.TryEnter();

        // 60 s spent + its own 30 s (the mean) = 90 s < 100 s: admitted; a second would make 60 + 30 in flight + 30 = 120 s.
        Assert.Equal(TimeSpan.Zero, admitted);
        Assert.NotEqual(TimeSpan.Zero, sut.TryEnter());
    }

    [Fact]
    public void TryEnter_BatchesInFlight_HoldTheirOperationsAtTheMeasuredTimePerOperation()
    {
        // Four reads of 100 ms make the mean request 100 ms; a $batch of 1,000 took 10 s (10 ms an operation). Two
        // batches of 4,000 in flight hold 2 × 40 s against the 100 s budget, not 2 × the 100 ms mean: a third does not fit.
        var (sut, _) = CreateSut(maxConcurrency: 8, budget: TimeSpan.FromSeconds(100));
        for (var i = 0; i < 4; i++)
        {
            sut.TryEnter();
            sut.Succeeded(TimeSpan.FromMilliseconds(100));
        }

        sut.BatchCompleted(1000, TimeSpan.FromSeconds(10));

        var batches = new List<TimeSpan> { sut.TryEnter(4000), sut.TryEnter(4000) };
        var held = sut.LastReserved;
        var third = sut.TryEnter(4000);
        var read = sut.TryEnter();

        Assert.Equal([TimeSpan.Zero, TimeSpan.Zero], batches);
        Assert.Equal(TimeSpan.FromSeconds(40), held);
        Assert.Equal(Timeout.InfiniteTimeSpan, third); // 0.4 s spent + 80 s held + 40 s ≥ 100 s, and only requests in flight can free it
        Assert.Equal(TimeSpan.Zero, read); // 0.4 s + 80 s + 0.1 s < 100 s
        Assert.Equal(1, sut.BudgetWaits);
    }

    [Fact]
    public void TryEnter_OneRequestCostsMoreThanTheBudgetAndNothingIsInFlight_GoesAnyway()
    {
        var (sut, time) = CreateSut(maxConcurrency: 8, budget: TimeSpan.FromSeconds(5));
        sut.TryEnter();
        sut.Succeeded(TimeSpan.FromMilliseconds(100));
        sut.BatchCompleted(1000, TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromMinutes(5)); // the window is empty again

        Assert.Equal(TimeSpan.Zero, sut.TryEnter(1000)); // 10 s expected against 5 s: waiting would free nothing
    }

    [Fact]
    public void TryEnter_OneRequestCostsMoreThanTheBudget_WaitsUntilTheWindowIsEmpty()
    {
        var (sut, time) = CreateSut(maxConcurrency: 8, budget: TimeSpan.FromSeconds(5));
        sut.TryEnter();
        sut.Succeeded(TimeSpan.FromMilliseconds(100));
        time.Advance(TimeSpan.FromSeconds(10));
        sut.TryEnter();
        sut.Succeeded(TimeSpan.FromMilliseconds(100)); // ended 10 s after the first
        sut.BatchCompleted(1000, TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(20));

        var wait = sut.TryEnter(1000); // 10 s expected against 5 s

        Assert.Equal(TimeSpan.FromSeconds(280), wait); // the last request leaves the window 300 s after it ended
        Assert.Equal(1, sut.BudgetWaits);
    }

    [Fact]
    public void Succeeded_WithWhatTheRequestHeld_GivesItBackToTheBudget()
    {
        var (sut, _) = CreateSut(maxConcurrency: 8, budget: TimeSpan.FromSeconds(100));
        for (var i = 0; i < 4; i++)
        {
            sut.TryEnter();
            sut.Succeeded(TimeSpan.FromMilliseconds(100));
        }

        sut.BatchCompleted(1000, TimeSpan.FromSeconds(10));
        sut.TryEnter(6000); // holds 60 s
        sut.TryEnter(3000); // holds 30 s

        sut.Succeeded(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)); // the 3,000 ended early: 5 s spent
        var admitted = sut.TryEnter(); // 0.4 s + 5 s spent + 60 s held < 100 s

        Assert.Equal(TimeSpan.Zero, admitted);
        Assert.Equal(2, sut.InFlight);
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

    [Fact]
    public void BatchSizeFor_BeforeAnyBatchWasTimed_IsTheFullBatchSize()
    {
        var (sut, _) = CreateSut(maxConcurrency: 52);

        Assert.Equal(1000, sut.BatchSizeFor(20_000));
    }

    [Theory]
    [InlineData(20_000, 385)] // 20,000 ÷ 52 in flight, rounded up: 52 batches of about 3.9 s instead of 20 of 10 s
    [InlineData(100_000, 1000)] // more than 52 full batches: full batches
    [InlineData(2_000, 100)] // an even share would be 39 (0.39 s): no batch shorter than 1 s
    [InlineData(50, 50)] // fewer writes than one second's worth: one batch
    public void BatchSizeFor_SlowWrites_SpreadsACallOverTheRequestsAllowedInFlight(int operations, int expected)
    {
        var (sut, _) = CreateSut(maxConcurrency: 52);
        sut.BatchCompleted(1000, TimeSpan.FromSeconds(10)); // 10 ms a write

        Assert.Equal(expected, sut.BatchSizeFor(operations));
    }

    [Fact]
    public void BatchSizeFor_FastWrites_KeepsFullBatches()
    {
        var (sut, _) = CreateSut(maxConcurrency: 4);
        sut.BatchCompleted(1000, TimeSpan.FromMilliseconds(200)); // 0.2 ms a write: 1,000 take 0.2 s

        Assert.Equal(1000, sut.BatchSizeFor(1_000));
    }

    [Fact]
    public void From_DefaultOptions_NoBudgetOfItsOwn_PacedByDataversesAnswersAlone()
    {
        var settings = PacingSettings.From(new CrmSync.SyncAgent.Dataverse.DataverseOptions());
        var capped = PacingSettings.From(new CrmSync.SyncAgent.Dataverse.DataverseOptions { ExecutionTimeBudget = TimeSpan.FromMinutes(15) });

        Assert.Equal(PacingSettings.Unbounded, settings.ExecutionTimeBudget);
        Assert.Equal(TimeSpan.FromMinutes(15), capped.ExecutionTimeBudget);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.Window);
    }

    [Fact]
    public void TryEnter_Unbounded_AnHourSpentInTheWindow_StillAdmitsUpToTheLimit()
    {
        var (sut, time) = CreateSut(maxConcurrency: 8, budget: PacingSettings.Unbounded);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(TimeSpan.Zero, sut.TryEnter());
            sut.Succeeded(TimeSpan.FromMinutes(20));
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var admitted = sut.TryEnter();

        Assert.Equal(TimeSpan.Zero, admitted);
        Assert.Equal(TimeSpan.FromMinutes(60), sut.Spent);
        Assert.Equal(0, sut.BudgetWaits);
    }
}
