using CrmSync.DataverseEmulator.Admin;

namespace CrmSync.DataverseEmulator.Hosting;

/// <summary>Decides, per request, whether to inject a fault, from <see cref="FaultSettings"/> and one-shot queues.</summary>
internal sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private FaultSettings _settings = new();
    private Random _random = new();
    private int _failNext;
    private int _failNextStatus = 503;
    private int _dropNext;

    public FaultSettings Settings
    {
        get => _settings;
        set
        {
            lock (_gate)
            {
                _settings = value;
                _random = value.Seed is { } seed ? new Random(seed) : new Random();
            }
        }
    }

    public void FailNext(int count, int status)
    {
        lock (_gate)
        {
            _failNext = count;
            _failNextStatus = status;
        }
    }

    public void DropNext(int count)
    {
        lock (_gate)
        {
            _dropNext = count;
        }
    }

    /// <summary>The fault for this request: drop, a status code, a delay, or none.</summary>
    public (bool Drop, int? Status, TimeSpan? Delay) Next()
    {
        lock (_gate)
        {
            if (_dropNext > 0)
            {
                _dropNext--;
                return (true, null, null);
            }

            if (_failNext > 0)
            {
                _failNext--;
                return (false, _failNextStatus, null);
            }

            var s = _settings;
            if (s.DropRate > 0 && _random.NextDouble() < s.DropRate)
            {
                return (true, null, null);
            }

            if (s.ThrottleRate > 0 && _random.NextDouble() < s.ThrottleRate)
            {
                return (false, 429, null);
            }

            if (s.ServerErrorRate > 0 && _random.NextDouble() < s.ServerErrorRate)
            {
                return (false, s.ServerErrorStatus, null);
            }

            return s.DelayRate > 0 && _random.NextDouble() < s.DelayRate ? (false, null, s.Delay) : (false, null, null);
        }
    }
}
