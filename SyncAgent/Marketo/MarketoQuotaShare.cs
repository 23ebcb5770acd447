using System.Globalization;

namespace CrmSync.SyncAgent.Marketo;

/// <summary>
/// <c>CrmSync:Marketo:DailyQuotaShare</c>: refuses further calls, as Marketo's 607 does, once the agent's calls of the
/// quota day reach its share of <c>DailyQuota</c>. The calls of earlier cycles (also of an earlier process) come from
/// <paramref name="usedSince"/> once per quota day; this process's calls since then from its own counter. A share of 1
/// (the default) leaves the limit to Marketo's own 607.
/// </summary>
/// <param name="usedSince">The agent's recorded Marketo calls since the given quota-day start.</param>
internal sealed class MarketoQuotaShare(MarketoOptions options, TimeProvider time, Func<DateTimeOffset, CancellationToken, Task<long>> usedSince)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset _day;
    private long _baseline;
    private long _counterAtBaseline;

    /// <summary>The calls the agent may make per quota day.</summary>
    public long Limit => options.DailyQuotaLimit;

    /// <summary>Whether a share below 1 is configured.</summary>
    public bool Active => options.DailyQuotaShare < 1.0;

    /// <summary>Throws <see cref="MarketoQuotaExceededException"/> when the share is used; <paramref name="restCalls"/> is this process's running count.</summary>
    public async Task ThrowIfUsedAsync(long restCalls, CancellationToken cancellationToken)
    {
        if (!Active)
        {
            return;
        }

        var day = MarketoQuotaDay.StartOf(time.GetUtcNow());
        long used;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (day != _day)
            {
                _baseline = await usedSince(day, cancellationToken).ConfigureAwait(false);
                _counterAtBaseline = restCalls;
                _day = day;
            }

            used = _baseline + Math.Max(0, restCalls - _counterAtBaseline);
        }
        finally
        {
            _gate.Release();
        }

        if (used >= Limit)
        {
            throw new MarketoQuotaExceededException(
                string.Create(CultureInfo.InvariantCulture,
                    $"The agent's share of the Marketo daily quota is used: {used:N0} of {Limit:N0} calls (CrmSync:Marketo:DailyQuota × DailyQuotaShare {options.DailyQuotaShare})."),
                null);
        }
    }
}
