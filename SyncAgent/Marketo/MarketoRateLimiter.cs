namespace CrmSync.SyncAgent.Marketo;

/// <summary>
/// Client-side guard for the documented instance limits: at most <see cref="MarketoOptions.MaxCallsPerWindow"/>
/// calls in any sliding <see cref="MarketoOptions.RateWindow"/>, and at most
/// <see cref="MarketoOptions.MaxConcurrentCalls"/> in flight. All waits run on the injected <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// Marketo counts a call into its window when the call arrives, which the client cannot observe: only that it was
/// after the call started and before its answer came back. So a call occupies a place in the window from its start
/// until one window after its answer (never less than the server's view); judging by start times alone let a slow
/// call leave the client's window while it was still in Marketo's, and the next call was refused with 606.
/// </remarks>
internal sealed class MarketoRateLimiter : IDisposable
{
    private readonly TimeProvider _time;
    private readonly int _maxCalls;
    private readonly TimeSpan _window;
    private readonly SemaphoreSlim _concurrency;
    private readonly List<Slot> _slots = [];
    private readonly Lock _gate = new();
    private TaskCompletionSource _released = NewSignal();
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;

    public MarketoRateLimiter(MarketoOptions options, TimeProvider time)
    {
        _time = time;
        _maxCalls = options.MaxCallsPerWindow;
        _window = options.RateWindow;
        _concurrency = new SemaphoreSlim(options.MaxConcurrentCalls, options.MaxConcurrentCalls);
    }

    /// <summary>Calls in flight or answered within the current window (for status).</summary>
    public int CallsInWindow
    {
        get
        {
            lock (_gate)
            {
                Prune(_time.GetUtcNow());
                return _slots.Count;
            }
        }
    }

    /// <summary>
    /// Waits for a concurrency slot and a free place in the window, then records the call.
    /// Dispose the returned lease when the response has been read.
    /// </summary>
    public async ValueTask<Lease> AcquireAsync(CancellationToken cancellationToken)
    {
        await _concurrency.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                TimeSpan? wait;
                Task released;
                lock (_gate)
                {
                    var now = _time.GetUtcNow();
                    released = _released.Task;
                    if (_pausedUntil > now)
                    {
                        wait = _pausedUntil - now;
                    }
                    else
                    {
                        Prune(now);
                        if (_slots.Count < _maxCalls)
                        {
                            var slot = new Slot();
                            _slots.Add(slot);
                            return new Lease(this, slot);
                        }

                        // Full: the earliest answered call frees its place one window after its answer; when every
                        // place is held by a call still in flight, wait for one to be answered.
                        wait = EarliestExpiry() is { } expiry ? expiry - now : null;
                    }
                }

                if (wait is { } delay)
                {
                    await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await released.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch
        {
            _concurrency.Release();
            throw;
        }
    }

    /// <summary>
    /// Holds every new call back for <paramref name="duration"/>: after a 606 the server's window (shared with
    /// other integrations) is full, after a 615 its concurrent slots are.
    /// </summary>
    public void Pause(TimeSpan duration)
    {
        lock (_gate)
        {
            var until = _time.GetUtcNow() + duration;
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }
        }
    }

    public void Dispose() => _concurrency.Dispose();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Complete(Slot slot)
    {
        TaskCompletionSource released;
        lock (_gate)
        {
            slot.AnsweredAt = _time.GetUtcNow();
            released = _released;
            _released = NewSignal();
        }

        _concurrency.Release();
        released.TrySetResult();
    }

    private void Prune(DateTimeOffset now) => _slots.RemoveAll(s => s.AnsweredAt + _window <= now);

    private DateTimeOffset? EarliestExpiry()
    {
        DateTimeOffset? earliest = null;
        foreach (var slot in _slots)
        {
            if (slot.AnsweredAt + _window is { } expiry && (earliest is null || expiry < earliest))
            {
                earliest = expiry;
            }
        }

        return earliest;
    }

    /// <summary>A call's place in the window: open while the call is in flight.</summary>
    internal sealed class Slot
    {
        public DateTimeOffset? AnsweredAt { get; set; }
    }

    /// <summary>A held concurrency slot and window place; disposing it marks the call answered.</summary>
    internal readonly struct Lease : IDisposable
    {
        private readonly MarketoRateLimiter _owner;
        private readonly Slot _slot;

        internal Lease(MarketoRateLimiter owner, Slot slot)
        {
            _owner = owner;
            _slot = slot;
        }

        public void Dispose() => _owner.Complete(_slot);
    }
}
