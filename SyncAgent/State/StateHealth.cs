namespace CrmSync.SyncAgent.State;

/// <summary>
/// The process's view of its state's health: the first fatal fault seen (damaged, vanished, replaced, read-only), kept
/// until the agent restarts so <c>/healthz</c>, the status page and the service loop report and honour it. Thread-safe.
/// </summary>
internal sealed class StateHealth
{
    private string? _fault;

    /// <summary>The fault's message, or null while the state is usable.</summary>
    public string? Fault => Volatile.Read(ref _fault);

    /// <summary>Records <paramref name="message"/> unless a fault is already recorded (the first one is the cause).</summary>
    public void Report(string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        Interlocked.CompareExchange(ref _fault, message, null);
    }
}
