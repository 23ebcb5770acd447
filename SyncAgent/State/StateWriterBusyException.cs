namespace CrmSync.SyncAgent.State;

/// <summary>Another writer held the state's single-writer guard for longer than the store waits; the message names it.</summary>
internal sealed class StateWriterBusyException : StateStoreException
{
    public StateWriterBusyException()
    {
    }

    public StateWriterBusyException(string message)
        : base(message)
    {
    }

    public StateWriterBusyException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc/>
    public override bool IsFatal => false;
}
