namespace CrmSync.SyncAgent.State;

/// <summary>A search over rejections (status page, <c>crmsync status</c>, CSV export).</summary>
internal sealed record RejectionQuery
{
    /// <summary>Text to find (case-insensitive) in the message, error code, operation, record id, Marketo id or field names.</summary>
    public string? Text { get; init; }

    /// <summary>Whether resolved rejections are included.</summary>
    public bool IncludeResolved { get; init; }

    /// <summary>Only rejections at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>The most rows to return, newest first.</summary>
    public int Limit { get; init; } = 1000;
}
