using System.Reflection;
using System.Text.Json;

namespace CrmSync.SyncAgent.Tests.Shipping;

/// <summary>
/// What may ship with the agent: the product (crmsync, its packages, the managed solution zip), never the test world
/// (emulators, the solution packager, the Microsoft.Xrm.Sdk reference surface, the plug-in DLL loose, demo, benchmarks,
/// test code).
/// </summary>
internal static class ShippedFiles
{
    /// <summary>Name parts that mark a file that must not ship, each with the reason.</summary>
    private static readonly (string Part, string Why)[] Forbidden =
    [
        ("Emulator", "an emulator"),
        ("SolutionPackager", "the solution packager"),
        ("Microsoft.Xrm.Sdk", "the Microsoft.Xrm.Sdk reference surface (Dataverse provides the real one)"),
        ("CrmSync.Plugins", "the plug-in DLL (it ships inside the managed solution zip)"),
        ("CrmSync.Demo", "the demo"),
        ("Benchmark", "a benchmark"),
        ("Tests", "test code"),
        ("xunit", "test code"),
        ("TestPlatform", "test code"),
        ("testhost", "test code"),
        ("Microsoft.NET.Test.Sdk", "test code"),
        ("TimeProvider.Testing", "test code"),
    ];

    /// <summary>The test's build configuration (Debug or Release), which the agent was built with too.</summary>
    public static string Configuration =>
        typeof(ShippedFiles).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The repository root: the first ancestor of the test output that holds CrmSync.sln.</summary>
    public static string RepoRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "CrmSync.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException($"No ancestor of {AppContext.BaseDirectory} holds CrmSync.sln.");
        }
    }

    /// <summary>Each entry of <paramref name="files"/> that must not ship, with the reason ("path: why").</summary>
    public static IReadOnlyList<string> Violations(IEnumerable<string> files) =>
        files.SelectMany(file => Forbidden
                .Where(f => file.Contains(f.Part, StringComparison.OrdinalIgnoreCase))
                .Select(f => $"{file}: {f.Why}"))
            .ToList();

    /// <summary>
    /// Every library and every file a deps.json names (the runtime dependency graph <c>dotnet publish</c> copies from):
    /// the library names and their runtime, native and resource asset paths.
    /// </summary>
    public static IReadOnlyList<string> NamedByDepsJson(string depsJsonPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(depsJsonPath));
        var names = new List<string>();
        foreach (var target in document.RootElement.GetProperty("targets").EnumerateObject())
        {
            foreach (var library in target.Value.EnumerateObject())
            {
                names.Add(library.Name);
                foreach (var section in new[] { "runtime", "native", "runtimeTargets", "resources" })
                {
                    if (library.Value.TryGetProperty(section, out var assets))
                    {
                        names.AddRange(assets.EnumerateObject().Select(a => a.Name));
                    }
                }
            }
        }

        names.AddRange(document.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name));
        return names.Distinct(StringComparer.Ordinal).ToList();
    }
}
