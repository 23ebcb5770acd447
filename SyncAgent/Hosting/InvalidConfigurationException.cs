namespace CrmSync.SyncAgent.Hosting;

/// <summary>Configuration values that the options' validation does not see (logging levels, listener certificates); exit code 2.</summary>
internal sealed class InvalidConfigurationException : Exception
{
    public InvalidConfigurationException()
    {
    }

    public InvalidConfigurationException(string message)
        : base(message)
    {
        Errors = [message];
    }

    public InvalidConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    public InvalidConfigurationException(IReadOnlyList<string> errors)
        : base(string.Join(" ", errors ?? []))
    {
        Errors = errors ?? [];
    }

    /// <summary>One message per invalid value, each naming its key.</summary>
    public IReadOnlyList<string> Errors { get; } = [];
}
