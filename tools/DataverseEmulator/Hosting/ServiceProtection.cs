using System.Globalization;
using CrmSync.DataverseEmulator.Admin;
using CrmSync.DataverseEmulator.WebApi;

namespace CrmSync.DataverseEmulator.Hosting;

/// <summary>Per-user request-count (sliding window) and concurrency limits, answered with 429 + Retry-After.</summary>
internal sealed class ServiceProtection
{
    private readonly TimeProvider _time;
    private readonly Dictionary<Guid, UserState> _users = [];
    private readonly Lock _gate = new();

    public ServiceProtection(TimeProvider time) => _time = time;

    public ServiceProtectionLimits Limits { get; set; } = new();

    /// <summary>Admits a request or throws the documented 429; dispose the lease when the request ends.</summary>
    public IDisposable Enter(Guid userId)
    {
        var limits = Limits;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_users.TryGetValue(userId, out var state))
            {
                _users[userId] = state = new UserState();
            }

            while (state.Times.Count > 0 && state.Times.Peek() <= now - limits.Window)
            {
                state.Times.Dequeue();
            }

            if (state.InFlight >= limits.ConcurrentRequests)
            {
                throw Throttled(ErrorCodes.ConcurrencyLimit, $"Number of concurrent requests exceeded the limit of {limits.ConcurrentRequests}.", 1);
            }

            if (state.Times.Count >= limits.RequestsPerWindow)
            {
                var wait = state.Times.Peek() + limits.Window - now;
                throw Throttled(ErrorCodes.RequestLimit,
                    $"Number of requests exceeded the limit of {limits.RequestsPerWindow} over time window of {(int)limits.Window.TotalSeconds} seconds.",
                    Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)));
            }

            state.Times.Enqueue(now);
            state.InFlight++;
            return new Lease(this, state);
        }
    }

    internal static WebApiException Throttled(string code, string message, int retryAfterSeconds)
    {
        var ex = new WebApiException(429, code, message);
        ex.Headers["Retry-After"] = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return ex;
    }

    private sealed class UserState
    {
        public Queue<DateTimeOffset> Times { get; } = new();

        public int InFlight { get; set; }
    }

    private sealed class Lease(ServiceProtection owner, UserState state) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                lock (owner._gate)
                {
                    state.InFlight--;
                }
            }
        }
    }
}
