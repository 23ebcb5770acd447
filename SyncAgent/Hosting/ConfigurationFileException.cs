namespace CrmSync.SyncAgent.Hosting;

/// <summary>A configuration file is missing or unreadable; reported like a validation error (exit code 2).</summary>
internal sealed class ConfigurationFileException : Exception
{
    public ConfigurationFileException(string message)
        : base(message)
    {
    }

    public ConfigurationFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ConfigurationFileException()
    {
    }
}
