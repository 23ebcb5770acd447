using System;

namespace Microsoft.Xrm.Sdk;

/// <summary>Thrown by a plug-in to cancel the operation with a message shown to the caller.</summary>
[Serializable]
public sealed class InvalidPluginExecutionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InvalidPluginExecutionException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public InvalidPluginExecutionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public InvalidPluginExecutionException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
