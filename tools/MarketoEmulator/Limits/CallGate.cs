using CrmSync.MarketoEmulator.Rest;

namespace CrmSync.MarketoEmulator.Limits;

/// <summary>
/// Marketo's call limits: concurrent calls (615), a sliding rate window (606) and a daily quota (607).
/// Calls refused by a limit, and calls failing with the error codes the docs mark as not counted,
/// do not use up the window or the quota.
/// </summary>
internal sealed class CallGate(MarketoLimitOptions limits, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Queue<DateTimeOffset> _window = new();
    private readonly List<(int Count, TaskCompletionSource Done)> _delayedWaiters = [];
    private int _inFlight;
    private int _delayed;
    private long _quotaDay = long.MinValue;
    private int _quotaUsed;

    public int InFlight
    {
        get
        {
            lock (_lock)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>Takes a concurrency slot; false (615) when all are taken.</summary>
    public bool TryEnter()
    {
        lock (_lock)
        {
            if (limits.Enabled && _inFlight >= limits.MaxConcurrentCalls)
            {
                return false;
            }

            _inFlight++;
            return true;
        }
    }

    public void Exit()
    {
        lock (_lock)
        {
            _inFlight--;
        }
    }

    /// <summary>
    /// Completes when at least <paramref name="count"/> calls wait in an injected delay whose timer is
    /// already registered with the clock, so advancing a fake clock then releases them all.
    /// </summary>
    public Task WaitForDelayedAsync(int count, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_delayed >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _delayedWaiters.Add((count, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Marks a call as waiting in (or leaving) an injected delay.</summary>
    public void Delayed(bool entering)
    {
        lock (_lock)
        {
            _delayed += entering ? 1 : -1;
            SignalDelayedWaiters();
        }
    }

    /// <summary>Counts one call against window and quota; returns the 606/607 error instead when a limit is hit.</summary>
    public MarketoReason? TryCount()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var windowStart = now - limits.RateLimitWindow;
            while (_window.Count > 0 && _window.Peek() <= windowStart)
            {
                _window.Dequeue();
            }

            RollQuotaDay(now);
            if (!limits.Enabled)
            {
                Count(now);
                return null;
            }

            if (_quotaUsed >= limits.DailyQuota)
            {
                return MarketoErrors.DailyQuotaReached;
            }

            if (_window.Count >= limits.RateLimitCalls)
            {
                return MarketoErrors.RateLimit(limits.RateLimitCalls, limits.RateLimitWindow);
            }

            Count(now);
            return null;
        }
    }

    /// <summary>Calls counted against today's quota.</summary>
    public int QuotaUsedToday()
    {
        lock (_lock)
        {
            RollQuotaDay(time.GetUtcNow());
            return _quotaUsed;
        }
    }

    private void Count(DateTimeOffset now)
    {
        _window.Enqueue(now);
        _quotaUsed++;
    }

    private void RollQuotaDay(DateTimeOffset now)
    {
        var day = (now.UtcTicks + limits.QuotaDayStartUtcOffset.Ticks) / TimeSpan.TicksPerDay;
        if (day != _quotaDay)
        {
            _quotaDay = day;
            _quotaUsed = 0;
        }
    }

    private void SignalDelayedWaiters()
    {
        for (var i = _delayedWaiters.Count - 1; i >= 0; i--)
        {
            var (count, done) = _delayedWaiters[i];
            if (_delayed >= count)
            {
                done.TrySetResult();
                _delayedWaiters.RemoveAt(i);
            }
        }
    }
}
