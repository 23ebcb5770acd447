namespace CrmSync.SyncAgent.State;

/// <summary>One cycle in the history.</summary>
internal sealed record CycleRecord
{
    /// <summary>The stored id.</summary>
    public long Id { get; init; }

    /// <summary>When the cycle started.</summary>
    public required DateTimeOffset StartedOn { get; init; }

    /// <summary>When it ended; null while running (or if the process died).</summary>
    public DateTimeOffset? EndedOn { get; init; }

    /// <summary>How it ended.</summary>
    public CycleOutcome Outcome { get; init; }

    /// <summary>Dynamics changes (staging rows) read.</summary>
    public int CrmRead { get; init; }

    /// <summary>Marketo changes read.</summary>
    public int MarketoRead { get; init; }

    /// <summary>Dynamics records written.</summary>
    public int CrmWritten { get; init; }

    /// <summary>Marketo persons written.</summary>
    public int MarketoWritten { get; init; }

    /// <summary>Collisions resolved.</summary>
    public int Collisions { get; init; }

    /// <summary>Writes refused.</summary>
    public int Rejections { get; init; }

    /// <summary>Errors (faults other than rejections).</summary>
    public int Errors { get; init; }

    /// <summary>A short note, e.g. why it stopped.</summary>
    public string? Message { get; init; }

    /// <summary>Dataverse requests the cycle made (a <c>$batch</c> counts as one, as the service counts it).</summary>
    public int DataverseCalls { get; init; }

    /// <summary>Marketo REST calls the cycle made (identity calls excluded, as Marketo counts them).</summary>
    public int MarketoCalls { get; init; }

    /// <summary>Throttling answers the cycle met (Dataverse 429, Marketo 606/615).</summary>
    public int Throttled { get; init; }

    /// <summary>How long it ran, once ended.</summary>
    public TimeSpan? Duration => EndedOn - StartedOn;
}
