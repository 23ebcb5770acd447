using System.Reflection;
using CrmSync.Plugins.Tests.Solution;

namespace CrmSync.Plugins.Tests.AssemblyPin;

/// <summary>Finds the net462 CrmSync.Plugins.dll built beside this test run.</summary>
internal static class PluginAssemblyFile
{
    /// <summary>The net462 build of the same configuration (Debug/Release) as this test assembly.</summary>
    public static string Net462Path()
    {
        var configuration = typeof(PluginAssemblyFile).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var path = Path.Combine(SolutionTestPaths.RepoRoot, "Plugins", "bin", configuration, "net462", "CrmSync.Plugins.dll");
        Assert.True(File.Exists(path), "The net462 plug-in is not built: " + path);
        return path;
    }
}
