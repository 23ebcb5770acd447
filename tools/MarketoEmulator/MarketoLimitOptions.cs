namespace CrmSync.MarketoEmulator;

/// <summary>
/// Marketo's documented API limits (integration best practices and error codes pages):
/// 100 calls per 20 s (606), 10 concurrent calls (615), a daily quota (607), 300 records per batch.
/// </summary>
public sealed class MarketoLimitOptions
{
    private int _rateLimitCalls = 100;
    private long _rateLimitWindowTicks = TimeSpan.FromSeconds(20).Ticks;
    private int _maxConcurrentCalls = 10;
    private int _dailyQuota = 50_000;
    private int _maxBatchSize = 300;

    /// <summary>Whether the rate, concurrency and quota limits apply at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Calls allowed per <see cref="RateLimitWindow"/> (606 beyond).</summary>
    public int RateLimitCalls { get => Volatile.Read(ref _rateLimitCalls); set => Volatile.Write(ref _rateLimitCalls, Positive(value)); }

    /// <summary>The sliding window of the rate limit.</summary>
    public TimeSpan RateLimitWindow
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _rateLimitWindowTicks));
        set => Interlocked.Exchange(ref _rateLimitWindowTicks, value > TimeSpan.Zero ? value.Ticks : throw new ArgumentOutOfRangeException(nameof(value)));
    }

    /// <summary>Calls that may run at once (615 beyond).</summary>
    public int MaxConcurrentCalls { get => Volatile.Read(ref _maxConcurrentCalls); set => Volatile.Write(ref _maxConcurrentCalls, Positive(value)); }

    /// <summary>Calls per day (607 beyond). The day starts at <see cref="QuotaDayStartUtcOffset"/>.</summary>
    public int DailyQuota { get => Volatile.Read(ref _dailyQuota); set => Volatile.Write(ref _dailyQuota, Positive(value)); }

    /// <summary>UTC offset of the quota day's midnight (Marketo resets at 12:00AM CST, UTC−6).</summary>
    public TimeSpan QuotaDayStartUtcOffset { get; set; } = TimeSpan.FromHours(-6);

    /// <summary>Maximum records per write, filter values per read, and batchSize (Marketo: 300).</summary>
    public int MaxBatchSize { get => Volatile.Read(ref _maxBatchSize); set => Volatile.Write(ref _maxBatchSize, Positive(value)); }

    private static int Positive(int value) => value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Must be positive.");
}
