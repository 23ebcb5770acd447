namespace CrmSync.SyncAgent.Cycle;

/// <summary>
/// A write failed on the server side (5xx or no answer) after its retries: the cycle commits nothing, so the
/// next cycle reads the same changes again and repeats the writes, which are idempotent.
/// </summary>
internal sealed class CycleIncompleteException : Exception
{
    public CycleIncompleteException()
    {
    }

    public CycleIncompleteException(string message)
        : base(message)
    {
    }

    public CycleIncompleteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
