namespace CrmSync.SyncAgent.Alerts;

/// <summary>The last daily rejection digest (marker <c>alert:digest</c>).</summary>
internal sealed record DigestRecord
{
    /// <summary>When the last digest period ended.</summary>
    public DateTimeOffset SentOn { get; init; }

    /// <summary>The highest rejection id reported (or present when digests began).</summary>
    public long LastRejectionId { get; init; }
}
