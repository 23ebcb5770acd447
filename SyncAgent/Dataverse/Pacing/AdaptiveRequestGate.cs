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

    /// <summary>Operations the next <c>$batch</c> of a call writing <paramref name="operations"/> in all should hold.</summary>
    public int BatchSizeFor(int operations)
    {
        lock (_lock)
        {
            return _pacer.BatchSizeFor(operations);
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

    /// <summary>A snapshot of the pacer's state, for diagnostics and benchmarks.</summary>
    public PacingSnapshot Snapshot
    {
        get
        {
            lock (_lock)
            {
                return new PacingSnapshot(_pacer.Limit, _pacer.InFlight, _pacer.BatchSize, _pacer.Spent, _pacer.Measured, _pacer.BudgetWaits);
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

    /// <summary>
    /// Waits until the pacer admits a request of <paramref name="operations"/> (a <c>$batch</c>'s; 0 for any other);
    /// returns its ticket for <see cref="Exit"/>.
    /// </summary>
    public async Task<PacingTicket> EnterAsync(int operations, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            Task released;
            TimeSpan reserved;
            lock (_lock)
            {
                wait = _pacer.TryEnter(operations);
                reserved = _pacer.LastReserved;
                released = _released.Task;
            }

            if (wait == TimeSpan.Zero)
            {
                return new PacingTicket(_time.GetTimestamp(), reserved);
            }

            if (wait == Timeout.InfiniteTimeSpan)
            {
                await released.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // A request that ends gives back what it held of the budget: ask again then, or when the wait is over
                // (the budget's wait counts the requests in flight as still holding theirs, issue 17).
                using var delay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                await Task.WhenAny(released, Task.Delay(wait, _time, delay.Token)).ConfigureAwait(false);
                await delay.CancelAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>Reports how an admitted request ended and wakes the requests waiting for a slot.</summary>
    public void Exit(PacingTicket ticket, RequestEnd end, TimeSpan? retryAfter = null, int batchOperations = 0)
    {
        var duration = _time.GetElapsedTime(ticket.Started);
        TaskCompletionSource released;
        lock (_lock)
        {
            switch (end)
            {
                case RequestEnd.Succeeded:
                    _pacer.Succeeded(duration, ticket.Reserved);
                    _pacer.BatchCompleted(batchOperations, duration);
                    break;
                case RequestEnd.Throttled:
                    _pacer.Throttled(ticket.Started, duration, retryAfter, ticket.Reserved);
                    break;
                default:
                    _pacer.Failed(duration, ticket.Reserved);
                    break;
            }

            released = _released;
            _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        released.TrySetResult();
    }
}

/// <summary>
/// The pacer at one instant: requests allowed and in flight, the <c>$batch</c> size, the execution time counted in the
/// window now, all the execution time the agent measured since it started, and how often the budget made a request wait.
/// </summary>
internal readonly record struct PacingSnapshot(int Limit, int InFlight, int BatchSize, TimeSpan Spent, TimeSpan Measured, long BudgetWaits);

/// <summary>An admitted request: when it started (<see cref="TimeProvider.GetTimestamp"/>) and what it holds of the budget.</summary>
internal readonly record struct PacingTicket(long Started, TimeSpan Reserved);
