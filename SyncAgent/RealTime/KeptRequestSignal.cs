namespace CrmSync.SyncAgent.RealTime;

/// <summary>
/// Wakes the drain (<see cref="KeptRequestDrain"/>) when a sync-person call kept its request and answered pending
/// (issue 17). A raise while nobody waits is remembered until the next <see cref="Reset"/>. Thread-safe.
/// </summary>
internal sealed class KeptRequestSignal
{
    private TaskCompletionSource _raised = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when raised after the last <see cref="Reset"/>.</summary>
    public Task Raised => Volatile.Read(ref _raised).Task;

    /// <summary>A request was kept.</summary>
    public void Raise() => Volatile.Read(ref _raised).TrySetResult();

    /// <summary>Forgets an earlier raise (the drain is about to read what is kept); a raise after this wakes the next wait.</summary>
    public void Reset()
    {
        var current = Volatile.Read(ref _raised);
        if (current.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _raised, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), current);
        }
    }
}
