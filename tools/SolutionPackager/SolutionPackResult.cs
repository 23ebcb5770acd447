namespace CrmSync.SolutionPackager;

/// <summary>What <see cref="SolutionPackager.Pack"/> wrote.</summary>
/// <param name="OutputPath">Full path of the zip.</param>
/// <param name="UniqueName">The solution's unique name (from <c>solution.xml</c>).</param>
/// <param name="Version">The solution's version (from <c>solution.xml</c>).</param>
/// <param name="PluginAssemblyFullName">The packed plug-in assembly's full name, as written into the XML.</param>
/// <param name="Entries">Every zip entry, in the order written.</param>
public sealed record SolutionPackResult(
    string OutputPath,
    string UniqueName,
    string Version,
    string PluginAssemblyFullName,
    IReadOnlyList<string> Entries);
