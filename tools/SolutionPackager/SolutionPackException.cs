namespace CrmSync.SolutionPackager;

/// <summary>The source or the plug-in assembly cannot be packed; the message says what to fix.</summary>
public sealed class SolutionPackException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SolutionPackException()
    {
    }

    /// <summary>Creates the exception with a message saying what to fix.</summary>
    public SolutionPackException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the fault behind it.</summary>
    public SolutionPackException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
