using System.Reflection;

namespace CrmSync.Plugins.Tests.AssemblyPin;

/// <summary>Finds the repository and the net462 CrmSync.Plugins.dll built beside this test run.</summary>
internal static class PluginAssemblyFile
{
    public static string RepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CrmSync.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("CrmSync.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The net462 build of the same configuration (Debug/Release) as this test assembly.</summary>
    public static string Net462Path()
    {
        var configuration = typeof(PluginAssemblyFile).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var path = Path.Combine(RepoRoot(), "Plugins", "bin", configuration, "net462", "CrmSync.Plugins.dll");
        Assert.True(File.Exists(path), "The net462 plug-in is not built: " + path);
        return path;
    }
}
