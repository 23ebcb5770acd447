namespace CrmSync.SyncAgent.Dataverse.Pacing;

/// <summary>
/// Decides how hard the agent may drive Dataverse, as Microsoft recommends for service protection
/// (learn.microsoft.com/power-apps/developer/data-platform/api-limits): start with one request in flight and raise the
/// number while no 429 comes back (one more per success until the first 429, then one more per window of successes);
/// on a 429 halve it and send nothing until its Retry-After has passed. It also keeps the agent's own account of the
/// execution time its requests took over the sliding window and admits a request only while that account plus what the
/// requests in flight are expected to take stay within <see cref="PacingSettings.ExecutionTimeBudget"/>, when an admin
/// sets that cap (a user shared with other clients); unset (<see cref="PacingSettings.Unbounded"/>, the default) only
/// Dataverse's 429s pace it, as Microsoft recommends. And it sizes <c>$batch</c> requests so that one takes about
/// <see cref="PacingSettings.TargetBatchDuration"/> and a call's writes spread over every request it may have in flight. Pure: no I/O, time from the injected clock; not thread-safe
/// (<see cref="AdaptiveRequestGate"/> serialises calls).
/// </summary>
internal sealed class DataversePacer
{
    private readonly PacingSettings _settings;
    private readonly TimeProvider _time;
    private readonly Queue<(DateTimeOffset At, TimeSpan Duration)> _spent = new();
    private TimeSpan _spentTotal;
    private TimeSpan _reserved;
    private TimeSpan _meanRequest;
    private double _operationMilliseconds;
    private int _successesSinceRaise;
    private long _lastDecreaseTimestamp = long.MinValue;

    public DataversePacer(PacingSettings settings, TimeProvider time)
    {
        _settings = settings;
        _time = time;
        Limit = Math.Min(settings.InitialConcurrency, settings.MaxConcurrency);
        BatchSize = settings.MaxBatchSize;
    }

    /// <summary>Requests allowed in flight now (1 … <see cref="PacingSettings.MaxConcurrency"/>).</summary>
    public int Limit { get; private set; }

    /// <summary>Requests in flight.</summary>
    public int InFlight { get; private set; }

    /// <summary>Operations per <c>$batch</c> request now (1 … <see cref="PacingSettings.MaxBatchSize"/>).</summary>
    public int BatchSize { get; private set; }

    /// <summary>
    /// Operations per <c>$batch</c> for a call that writes <paramref name="operations"/> in all: <see cref="BatchSize"/>,
    /// but, once operations are known to be slow, no more than an even share of them per request the ceiling allows in
    /// flight, so that a call's writes run in parallel rather than as a few long batches (20,000 writes at 10 ms with 52
    /// in flight: batches of 385 that take about 4 s, not 20 of 1,000 that take 10 s). Under Dataverse's execution-time
    /// limit, how fast the first window is spent is how fast the next one may be (the sliding window frees time as it
    /// was charged). A share never goes below what takes <see cref="PacingSettings.MinBatchDuration"/>, so fast writes
    /// keep full batches (and the fewest requests).
    /// </summary>
    public int BatchSizeFor(int operations)
    {
        if (_operationMilliseconds <= 0)
        {
            return BatchSize;
        }

        var share = (int)Math.Ceiling(operations / (double)_settings.MaxConcurrency);
        var least = (int)Math.Ceiling(_settings.MinBatchDuration.TotalMilliseconds / _operationMilliseconds);
        return Math.Clamp(Math.Min(Math.Min(BatchSize, Math.Max(share, least)), operations), 1, _settings.MaxBatchSize);
    }

    /// <summary>True until the first 429: the limit grows by one per success (doubles per round trip).</summary>
    public bool SlowStart { get; private set; } = true;

    /// <summary>No request is sent before this instant (the latest Retry-After).</summary>
    public DateTimeOffset PausedUntil { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>Execution time the agent's own requests took within the window, as the agent measured it.</summary>
    public TimeSpan Spent
    {
        get
        {
            Expire();
            return _spentTotal;
        }
    }

    /// <summary>Every request's measured duration added up since the pacer was made (a diagnostic).</summary>
    public TimeSpan Measured { get; private set; }

    /// <summary>Times a request had to wait for the execution-time budget (the limit bound).</summary>
    public long BudgetWaits { get; private set; }

    /// <summary>What the last admitted request holds of the budget while in flight (its expected execution time).</summary>
    public TimeSpan LastReserved { get; private set; }

    /// <summary>
    /// Admits one request now (returns <see cref="TimeSpan.Zero"/> and counts it in flight) or says how long to wait
    /// before asking again; <see cref="Timeout.InfiniteTimeSpan"/> means until a request in flight ends. A request is
    /// admitted when the window's account, what the requests in flight hold and its own expected execution time stay
    /// under the budget, so the agent never overruns it by the request it admits; it holds that expected time while in
    /// flight: a <c>$batch</c> of <paramref name="operations"/>
    /// at the measured time per operation, any other request at the mean request duration. (Valuing every request at
    /// the mean, which the many short reads pull down, let a round of batches overrun the budget by over a minute, and
    /// the cycle's last read then waited minutes for the window: issue 17.)
    /// </summary>
    public TimeSpan TryEnter(int operations = 0)
    {
        var now = _time.GetUtcNow();
        if (now < PausedUntil)
        {
            return PausedUntil - now;
        }

        if (InFlight >= Limit)
        {
            return Timeout.InfiniteTimeSpan;
        }

        Expire();
        var expected = operations > 0 && _operationMilliseconds > 0 ? TimeSpan.FromMilliseconds(operations * _operationMilliseconds) : _meanRequest;
        if (_spentTotal + _reserved + expected >= _settings.ExecutionTimeBudget)
        {
            var wait = UntilBelowBudget(_reserved + expected, now);
            if (wait == Timeout.InfiniteTimeSpan && InFlight == 0 && _spent.Count > 0)
            {
                // This request alone is expected to cost the budget or more: it goes once the window is empty.
                wait = _spent.Last().At + _settings.Window - now;
            }

            if (wait != Timeout.InfiniteTimeSpan || InFlight > 0)
            {
                BudgetWaits++;
                return wait;
            }

            // Nothing in flight and an empty window: waiting frees nothing more, so it goes; Dataverse's 429 and
            // Retry-After pace it then.
        }

        LastReserved = expected;
        _reserved += LastReserved;
        InFlight++;
        return TimeSpan.Zero;
    }

    /// <summary>A request answered without throttling after <paramref name="duration"/>: raise the limit.</summary>
    public void Succeeded(TimeSpan duration, TimeSpan? reserved = null)
    {
        Completed(duration, reserved);
        if (SlowStart || ++_successesSinceRaise >= Limit)
        {
            _successesSinceRaise = 0;
            Limit = Math.Min(_settings.MaxConcurrency, Limit + 1);
        }
    }

    /// <summary>
    /// A request sent at <paramref name="sentTimestamp"/> (<see cref="TimeProvider.GetTimestamp"/>) was answered 429
    /// after <paramref name="duration"/>: pause by its Retry-After and halve the limit, once for all the requests that
    /// were already in flight when the last halving happened.
    /// </summary>
    public void Throttled(long sentTimestamp, TimeSpan duration, TimeSpan? retryAfter, TimeSpan? reserved = null)
    {
        Completed(duration, reserved);
        var now = _time.GetUtcNow();
        // A Retry-After beyond MaxPause fails the request (the transport does not wait that long) and stops the cycle
        // cleanly; pausing for it would hold the next cycle, or the sync-person endpoint, longer than allowed.
        if (retryAfter is { } wait && wait <= _settings.MaxPause && now + wait > PausedUntil)
        {
            PausedUntil = now + wait;
        }

        if (sentTimestamp <= _lastDecreaseTimestamp)
        {
            return;
        }

        SlowStart = false;
        _successesSinceRaise = 0;
        Limit = Math.Max(1, Limit / 2);
        _lastDecreaseTimestamp = _time.GetTimestamp();
    }

    /// <summary>A request that was neither a success nor a 429 (error, timeout, dropped connection) ended.</summary>
    public void Failed(TimeSpan duration, TimeSpan? reserved = null) => Completed(duration, reserved);

    /// <summary>A <c>$batch</c> of <paramref name="operations"/> took <paramref name="duration"/>: size the next ones to the target duration.</summary>
    public void BatchCompleted(int operations, TimeSpan duration)
    {
        if (operations <= 0)
        {
            return;
        }

        var perOperation = duration.TotalMilliseconds / operations;
        _operationMilliseconds = _operationMilliseconds == 0 ? perOperation : (_operationMilliseconds * 0.7) + (perOperation * 0.3);
        var size = _operationMilliseconds <= 0 ? _settings.MaxBatchSize : (int)(_settings.TargetBatchDuration.TotalMilliseconds / _operationMilliseconds);
        BatchSize = Math.Clamp(size, 1, _settings.MaxBatchSize);
    }

    /// <summary>
    /// A request ended: it leaves the requests in flight, giving back what it <paramref name="reserved"/> at
    /// <see cref="TryEnter"/> (by default an even share of what the requests in flight hold), and its measured duration
    /// enters the window's account.
    /// </summary>
    private void Completed(TimeSpan duration, TimeSpan? reserved)
    {
        var share = reserved ?? (InFlight > 0 ? _reserved / InFlight : TimeSpan.Zero);
        InFlight = Math.Max(0, InFlight - 1);
        _reserved = InFlight == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Max(0, (_reserved - share).Ticks));
        _spent.Enqueue((_time.GetUtcNow(), duration));
        _spentTotal += duration;
        Measured += duration;
        _meanRequest = _meanRequest == TimeSpan.Zero ? duration : (_meanRequest * 0.8) + (duration * 0.2);
        Expire();
    }

    /// <summary>
    /// How long until enough of the window's account has left it for the spent time plus <paramref name="reserved"/> (the
    /// requests in flight and the one asking) to be under the budget: not just the oldest request, whose leaving may free too little (asking again at every
    /// request that leaves made the agent spin through thousands of waits a second at the limit, issue 17).
    /// <see cref="Timeout.InfiniteTimeSpan"/> when the requests in flight alone fill the budget.
    /// </summary>
    private TimeSpan UntilBelowBudget(TimeSpan reserved, DateTimeOffset now)
    {
        var remaining = _spentTotal;
        foreach (var (at, duration) in _spent)
        {
            remaining -= duration;
            if (remaining + reserved < _settings.ExecutionTimeBudget)
            {
                return at + _settings.Window - now;
            }
        }

        return Timeout.InfiniteTimeSpan;
    }

    private void Expire()
    {
        var windowStart = _time.GetUtcNow() - _settings.Window;
        while (_spent.Count > 0 && _spent.Peek().At <= windowStart)
        {
            _spentTotal -= _spent.Dequeue().Duration;
        }
    }
}
