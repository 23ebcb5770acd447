using System.Globalization;
using CrmSync.DataverseEmulator.Admin;
using CrmSync.DataverseEmulator.WebApi;

namespace CrmSync.DataverseEmulator.Hosting;

/// <summary>
/// Per-user service protection (https://learn.microsoft.com/power-apps/developer/data-platform/api-limits): the number of
/// requests and their combined execution time over a sliding window, and the number of concurrent requests, each
/// answered with 429, its documented error code and Retry-After.
/// </summary>
internal sealed class ServiceProtection
{
    private readonly TimeProvider _time;
    private readonly Dictionary<Guid, UserState> _users = [];
    private readonly Lock _gate = new();

    public ServiceProtection(TimeProvider time) => _time = time;

    public ServiceProtectionLimits Limits { get; set; } = new();

    /// <summary>Admits a request or throws the documented 429; charge the lease with the request's cost when it ends.</summary>
    public Lease Enter(Guid userId)
    {
        var limits = Limits;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_users.TryGetValue(userId, out var state))
            {
                _users[userId] = state = new UserState();
            }

            state.Expire(now - limits.Window);
            if (state.InFlight >= limits.ConcurrentRequests)
            {
                throw Throttled(ErrorCodes.ConcurrencyLimit, $"Number of concurrent requests exceeded the limit of {limits.ConcurrentRequests}.", 1);
            }

            if (state.Times.Count >= limits.RequestsPerWindow)
            {
                var wait = state.Times.Peek() + limits.Window - now;
                throw Throttled(ErrorCodes.RequestLimit,
                    $"Number of requests exceeded the limit of {limits.RequestsPerWindow} over time window of {(int)limits.Window.TotalSeconds} seconds.",
                    Seconds(wait));
            }

            if (state.Cost >= limits.ExecutionTimePerWindow)
            {
                throw Throttled(ErrorCodes.ExecutionTimeLimit,
                    string.Create(CultureInfo.InvariantCulture,
                        $"Combined execution time of incoming requests exceeded limit of {limits.ExecutionTimePerWindow.TotalMilliseconds:N0} milliseconds over time window of {(int)limits.Window.TotalSeconds} seconds. Decrease number of concurrent requests or reduce the duration of requests and try again later."),
                    Seconds(state.UntilCostBelow(limits.ExecutionTimePerWindow) + limits.Window - now));
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

    private static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    /// <summary>One user's requests and charges in the window.</summary>
    internal sealed class UserState
    {
        public Queue<DateTimeOffset> Times { get; } = new();

        public Queue<(DateTimeOffset At, TimeSpan Cost)> Charges { get; } = new();

        public TimeSpan Cost { get; set; }

        public int InFlight { get; set; }

        public void Expire(DateTimeOffset windowStart)
        {
            while (Times.Count > 0 && Times.Peek() <= windowStart)
            {
                Times.Dequeue();
            }

            while (Charges.Count > 0 && Charges.Peek().At <= windowStart)
            {
                Cost -= Charges.Dequeue().Cost;
            }
        }

        /// <summary>When the charge whose expiry brings the window's cost below <paramref name="limit"/> was made.</summary>
        public DateTimeOffset UntilCostBelow(TimeSpan limit)
        {
            var remaining = Cost;
            foreach (var (at, cost) in Charges)
            {
                remaining -= cost;
                if (remaining < limit)
                {
                    return at;
                }
            }

            return Charges.Count > 0 ? Charges.Peek().At : default;
        }
    }

    /// <summary>An admitted request: holds a concurrency slot until disposed.</summary>
    internal sealed class Lease(ServiceProtection owner, UserState state) : IDisposable
    {
        private int _disposed;

        /// <summary>Adds the request's server time to the user's execution time in the window, as of now.</summary>
        public void Charge(TimeSpan cost)
        {
            if (cost <= TimeSpan.Zero)
            {
                return;
            }

            lock (owner._gate)
            {
                state.Charges.Enqueue((owner._time.GetUtcNow(), cost));
                state.Cost += cost;
            }
        }

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
