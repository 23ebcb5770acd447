namespace CrmSync.SyncAgent.Dataverse.Http;

/// <summary>Counts Dataverse calls for status and benchmarks. Thread-safe; share one per agent.</summary>
internal sealed class DataverseCallCounter
{
    private long _requests;
    private long _throttled;
    private long _retries;
    private long _batchOperations;

    /// <summary>HTTP requests sent (every attempt, including retries).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>429 responses received.</summary>
    public long Throttled => Interlocked.Read(ref _throttled);

    /// <summary>Attempts that were retries.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Operations sent inside <c>$batch</c> requests.</summary>
    public long BatchOperations => Interlocked.Read(ref _batchOperations);

    internal void AddRequest() => Interlocked.Increment(ref _requests);

    internal void AddThrottled() => Interlocked.Increment(ref _throttled);

    internal void AddRetry() => Interlocked.Increment(ref _retries);

    internal void AddBatchOperations(int count) => Interlocked.Add(ref _batchOperations, count);
}
