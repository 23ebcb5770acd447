namespace CrmSync.SyncAgent.State;

/// <summary>
/// The state cannot be used as it is: damaged, not a database, read-only, vanished or replaced, or held by another
/// writer. The message names the state and says what to do; it is shown to the operator as is.
/// </summary>
internal class StateStoreException : Exception
{
    public StateStoreException()
    {
    }

    public StateStoreException(string message)
        : base(message)
    {
    }

    public StateStoreException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// True when the agent must stop writing this state until an operator acts (damaged, vanished, replaced); false for a
    /// condition that passes by itself (another writer holds the guard).
    /// </summary>
    public virtual bool IsFatal => true;
}
