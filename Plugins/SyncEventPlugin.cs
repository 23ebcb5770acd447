using System;
using Microsoft.Xrm.Sdk;

namespace CrmSync.Plugins;

/// <summary>Placeholder; the change-capture plug-in is built in issue #2.</summary>
public sealed class SyncEventPlugin : IPlugin
{
    /// <summary>Creates the plug-in with the step's configurations.</summary>
    public SyncEventPlugin(string unsecureConfiguration, string secureConfiguration)
    {
        _ = unsecureConfiguration;
        _ = secureConfiguration;
    }

    /// <inheritdoc />
    public void Execute(IServiceProvider serviceProvider)
    {
    }
}
