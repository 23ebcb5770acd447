namespace CrmSync.SyncAgent.Dataverse.Pacing;

/// <summary>
/// The asynchronous front of <see cref="DataversePacer"/>: every Dataverse request (each attempt of it) enters the gate
/// before it is sent and reports how it ended. Thread-safe.
/// </summary>
internal sealed class AdaptiveRequestGate
{
    private readonly DataversePacer _pacer;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AdaptiveRequestGate(PacingSettings settings, TimeProvider time)
    {
        _pacer = new DataversePacer(settings, time);
        _time = time;
    }

    /// <summary>Operations the next <c>$batch</c> should hold.</summary>
    public int BatchSize
    {
        get
        {
            lock (_lock)
            {
                return _pacer.BatchSize;
            }
        }
    }

    /// <summary>Requests allowed in flight now.</summary>
    public int Limit
    {
        get
        {
            lock (_lock)
            {
                return _pacer.Limit;
            }
        }
    }

    /// <summary>No request is sent before this instant (the latest Retry-After); read-only, for callers that answer within a budget (issue 17).</summary>
    public DateTimeOffset PausedUntil
    {
        get
        {
            lock (_lock)
            {
                return _pacer.PausedUntil;
            }
        }
    }

    /// <summary>Times a request waited for the execution-time budget.</summary>
    public long BudgetWaits
    {
        get
        {
            lock (_lock)
            {
                return _pacer.BudgetWaits;
            }
        }
    }

    /// <summary>Waits until the pacer admits a request; returns its start timestamp for <see cref="Exit"/>.</summary>
    public async Task<long> EnterAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            Task released;
            lock (_lock)
            {
                wait = _pacer.TryEnter();
                released = _released.Task;
            }

            if (wait == TimeSpan.Zero)
            {
                return _time.GetTimestamp();
            }

            if (wait == Timeout.InfiniteTimeSpan)
            {
                await released.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reports how an admitted request ended and wakes the requests waiting for a slot.</summary>
    public void Exit(long started, RequestEnd end, TimeSpan? retryAfter = null, int batchOperations = 0)
    {
        var duration = _time.GetElapsedTime(started);
        TaskCompletionSource released;
        lock (_lock)
        {
            switch (end)
            {
                case RequestEnd.Succeeded:
                    _pacer.Succeeded(duration);
                    _pacer.BatchCompleted(batchOperations, duration);
                    break;
                case RequestEnd.Throttled:
                    _pacer.Throttled(started, duration, retryAfter);
                    break;
                default:
                    _pacer.Failed(duration);
                    break;
            }

            released = _released;
            _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        released.TrySetResult();
    }
}
