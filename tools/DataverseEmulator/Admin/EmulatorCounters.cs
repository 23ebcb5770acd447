namespace CrmSync.DataverseEmulator.Admin;

/// <summary>Running totals since start (thread-safe snapshots through the properties).</summary>
public sealed class EmulatorCounters
{
    private long _requests;
    private long _batches;
    private long _creates;
    private long _updates;
    private long _deletes;
    private long _queries;
    private long _throttled;
    private long _faults;
    private long _pluginExecutions;
    private long _failedOperations;
    private long _chargedTicks;

    /// <summary>Top-level HTTP requests to the Web API (a $batch is one).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>$batch requests.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Committed creates (any depth).</summary>
    public long Creates => Interlocked.Read(ref _creates);

    /// <summary>Committed updates (any depth).</summary>
    public long Updates => Interlocked.Read(ref _updates);

    /// <summary>Committed deletes (any depth).</summary>
    public long Deletes => Interlocked.Read(ref _deletes);

    /// <summary>Retrieve and retrieve-multiple requests.</summary>
    public long Queries => Interlocked.Read(ref _queries);

    /// <summary>Requests answered 429.</summary>
    public long Throttled => Interlocked.Read(ref _throttled);

    /// <summary>Injected faults (5xx, drops, delays).</summary>
    public long FaultsInjected => Interlocked.Read(ref _faults);

    /// <summary>Plug-in Execute calls.</summary>
    public long PluginExecutions => Interlocked.Read(ref _pluginExecutions);

    /// <summary>Operations rolled back (plug-in, validation or other failure).</summary>
    public long FailedOperations => Interlocked.Read(ref _failedOperations);

    /// <summary>Execution time charged to the service protection limit, all users (what a request's lease was charged).</summary>
    public TimeSpan Charged => TimeSpan.FromTicks(Interlocked.Read(ref _chargedTicks));

    internal void Charge(TimeSpan cost) => Interlocked.Add(ref _chargedTicks, cost.Ticks);

    internal void Request() => Interlocked.Increment(ref _requests);

    internal void Batch() => Interlocked.Increment(ref _batches);

    internal void Query() => Interlocked.Increment(ref _queries);

    internal void Throttle() => Interlocked.Increment(ref _throttled);

    internal void Fault() => Interlocked.Increment(ref _faults);

    internal void PluginExecution() => Interlocked.Increment(ref _pluginExecutions);

    internal void Failed() => Interlocked.Increment(ref _failedOperations);

    internal void Committed(int creates, int updates, int deletes)
    {
        Interlocked.Add(ref _creates, creates);
        Interlocked.Add(ref _updates, updates);
        Interlocked.Add(ref _deletes, deletes);
    }
}
