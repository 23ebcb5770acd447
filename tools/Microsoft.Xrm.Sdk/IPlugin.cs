using System;

namespace Microsoft.Xrm.Sdk;

/// <summary>A plug-in: custom code the platform runs in the event pipeline.</summary>
public interface IPlugin
{
    /// <summary>Runs the plug-in; services come from <paramref name="serviceProvider"/>.</summary>
    void Execute(IServiceProvider serviceProvider);
}
