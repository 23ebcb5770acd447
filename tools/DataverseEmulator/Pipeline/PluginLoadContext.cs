using System.Reflection;
using System.Runtime.Loader;

namespace CrmSync.DataverseEmulator.Pipeline;

/// <summary>
/// Each imported plug-in assembly gets its own load context, as in the sandbox. Returning null for
/// every dependency lets the default context resolve it, so Microsoft.Xrm.Sdk 9.0.0.0 binds to the
/// emulator's copy and the plug-in's types are the ones the emulator passes in.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    public PluginLoadContext(string name)
        : base("plugin:" + name, isCollectible: true)
    {
    }

    protected override Assembly? Load(AssemblyName assemblyName) => null;
}
