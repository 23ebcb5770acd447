namespace CrmSync.SyncAgent.Marketo;

/// <summary>
/// Client-side guard for the documented instance limits: at most <see cref="MarketoOptions.MaxCallsPerWindow"/>
/// calls started in any sliding <see cref="MarketoOptions.RateWindow"/>, and at most
/// <see cref="MarketoOptions.MaxConcurrentCalls"/> in flight. All waits run on the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class MarketoRateLimiter : IDisposable
{
    private readonly TimeProvider _time;
    private readonly int _maxCalls;
    private readonly TimeSpan _window;
    private readonly SemaphoreSlim _concurrency;
    private readonly Queue<DateTimeOffset> _starts = new();
    private readonly Lock _gate = new();
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;

    public MarketoRateLimiter(MarketoOptions options, TimeProvider time)
    {
        _time = time;
        _maxCalls = options.MaxCallsPerWindow;
        _window = options.RateWindow;
        _concurrency = new SemaphoreSlim(options.MaxConcurrentCalls, options.MaxConcurrentCalls);
    }

    /// <summary>Calls started in the current window (for status).</summary>
    public int CallsInWindow
    {
        get
        {
            lock (_gate)
            {
                Prune(_time.GetUtcNow());
                return _starts.Count;
            }
        }
    }

    /// <summary>
    /// Waits for a concurrency slot and a free place in the window, then records the call's start.
    /// Dispose the returned lease when the response has been read.
    /// </summary>
    public async ValueTask<Lease> AcquireAsync(CancellationToken cancellationToken)
    {
        await _concurrency.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                TimeSpan wait;
                lock (_gate)
                {
                    var now = _time.GetUtcNow();
                    if (_pausedUntil > now)
                    {
                        wait = _pausedUntil - now;
                    }
                    else
                    {
                        Prune(now);
                        if (_starts.Count < _maxCalls)
                        {
                            _starts.Enqueue(now);
                            return new Lease(this);
                        }

                        wait = _starts.Peek() + _window - now;
                    }
                }

                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
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

    private void Prune(DateTimeOffset now)
    {
        while (_starts.Count > 0 && _starts.Peek() + _window <= now)
        {
            _starts.Dequeue();
        }
    }

    /// <summary>A held concurrency slot.</summary>
    internal readonly struct Lease(MarketoRateLimiter owner) : IDisposable
    {
        public void Dispose() => owner._concurrency.Release();
    }
}
