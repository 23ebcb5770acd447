namespace CrmSync.SyncAgent.Marketo;

/// <summary>Marketo's quota day: it "resets daily at 12:00AM CST" (error-codes page, 607), a fixed UTC−6.</summary>
internal static class MarketoQuotaDay
{
    /// <summary>The offset of CST.</summary>
    public static readonly TimeSpan ZoneOffset = TimeSpan.FromHours(-6);

    /// <summary>When the quota day that contains <paramref name="now"/> started.</summary>
    public static DateTimeOffset StartOf(DateTimeOffset now) => new(now.ToOffset(ZoneOffset).Date, ZoneOffset);
}
