namespace CrmSync.SyncAgent.Dataverse.Pacing;

/// <summary>What <see cref="DataversePacer"/> works within; built from <see cref="DataverseOptions"/>.</summary>
internal sealed record PacingSettings
{
    /// <summary>Requests in flight at the start.</summary>
    public int InitialConcurrency { get; init; } = 1;

    /// <summary>The ceiling of requests in flight (<see cref="DataverseOptions.MaxConcurrentRequests"/>).</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>The ceiling of operations per <c>$batch</c> (<see cref="DataverseOptions.BatchSize"/>).</summary>
    public int MaxBatchSize { get; init; } = 1000;

    /// <summary>How long one <c>$batch</c> should take; slower operations make smaller batches.</summary>
    public TimeSpan TargetBatchDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The shortest a <c>$batch</c> is cut to when a call's writes are spread over the requests allowed in flight
    /// (<see cref="DataversePacer.BatchSizeFor"/>): below it, more requests buy little time.
    /// </summary>
    public TimeSpan MinBatchDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Execution time the agent lets its requests take within <see cref="Window"/>; <see cref="Unbounded"/> when no cap is set.</summary>
    public TimeSpan ExecutionTimeBudget { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>No cap of the agent's own: only Dataverse's 429s and their Retry-After pace it.</summary>
    public static TimeSpan Unbounded => TimeSpan.MaxValue;

    /// <summary>Dataverse's sliding service-protection window (5 minutes).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest Retry-After that pauses requests (<see cref="DataverseOptions.MaxRetryAfter"/>).</summary>
    public TimeSpan MaxPause { get; init; } = TimeSpan.FromMinutes(5);

    public static PacingSettings From(DataverseOptions options) => new()
    {
        InitialConcurrency = 1,
        MaxConcurrency = options.MaxConcurrentRequests,
        MaxBatchSize = options.BatchSize,
        TargetBatchDuration = options.TargetBatchDuration,
        ExecutionTimeBudget = options.ExecutionTimeBudget ?? Unbounded,
        Window = options.ServiceProtectionWindow,
        MaxPause = options.MaxRetryAfter,
    };
}
