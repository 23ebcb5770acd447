using Microsoft.Xrm.Sdk;

namespace CrmSync.Plugins;

/// <summary>Writes "CrmSync: …" lines to the plug-in trace log, or nowhere when the platform gives no tracer.</summary>
internal sealed class PluginTrace
{
    private readonly ITracingService? _tracing;

    public PluginTrace(ITracingService? tracing)
    {
        _tracing = tracing;
    }

    /// <summary>Writes one line. The text goes in as an argument so braces in it are not read as a format.</summary>
    public void Write(string message) => _tracing?.Trace("CrmSync: {0}", message);
}
