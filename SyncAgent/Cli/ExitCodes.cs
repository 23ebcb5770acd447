namespace CrmSync.SyncAgent.Cli;

/// <summary>The process exit codes of <c>crmsync</c>.</summary>
internal static class ExitCodes
{
    /// <summary>Done; every check passed.</summary>
    public const int Success = 0;

    /// <summary>A check failed, a service refused, or the work could not be done.</summary>
    public const int Failure = 1;

    /// <summary>The configuration is invalid: nothing was started.</summary>
    public const int ConfigurationError = 2;
}
