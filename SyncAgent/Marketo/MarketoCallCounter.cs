namespace CrmSync.SyncAgent.Marketo;

/// <summary>Counts calls per Marketo quota day. Thread-safe; a new quota day starts from zero.</summary>
internal sealed class MarketoCallCounter(TimeProvider time)
{
    // "resets daily at 12:00AM CST" (error-codes page, 607); CST is a fixed UTC−6.
    private static readonly TimeSpan QuotaZoneOffset = TimeSpan.FromHours(-6);

    private readonly Lock _gate = new();
    private MarketoUsage _usage = new(default, 0, 0, 0, 0, 0);

    /// <summary>The counts of the current quota day.</summary>
    public MarketoUsage Snapshot()
    {
        lock (_gate)
        {
            Roll();
            return _usage;
        }
    }

    /// <summary>Records one REST call and whether Marketo counts it against the quota.</summary>
    public void RestCall(bool countsAgainstQuota) =>
        Update(u => u with { RestCalls = u.RestCalls + 1, QuotaCalls = u.QuotaCalls + (countsAgainstQuota ? 1 : 0) });

    public void IdentityCall() => Update(u => u with { IdentityCalls = u.IdentityCalls + 1 });

    public void RateLimited() => Update(u => u with { RateLimited = u.RateLimited + 1 });

    public void Retry() => Update(u => u with { Retries = u.Retries + 1 });

    private void Update(Func<MarketoUsage, MarketoUsage> change)
    {
        lock (_gate)
        {
            Roll();
            _usage = change(_usage);
        }
    }

    private void Roll()
    {
        var day = DateOnly.FromDateTime(time.GetUtcNow().ToOffset(QuotaZoneOffset).DateTime);
        if (day != _usage.QuotaDay)
        {
            _usage = new MarketoUsage(day, 0, 0, 0, 0, 0);
        }
    }
}
