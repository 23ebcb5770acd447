namespace CrmSync.SolutionPackager;

/// <summary>What <see cref="SolutionPackager.Pack"/> packs and where it writes the zip.</summary>
public sealed class SolutionPackOptions
{
    /// <summary>
    /// The unpacked solution folder: <c>[Content_Types].xml</c>, <c>Other/Solution.xml</c> and
    /// <c>Other/Customizations.xml</c> (see <see cref="SolutionLayout"/>).
    /// </summary>
    public required string SourceDirectory { get; init; }

    /// <summary>The net462 build of the plug-in assembly that the solution ships.</summary>
    public required string PluginAssemblyPath { get; init; }

    /// <summary>
    /// The zip to write. When this is an existing directory, or ends with a directory separator,
    /// the zip is written inside it as <c>&lt;UniqueName&gt;_&lt;Version&gt;_managed.zip</c>.
    /// </summary>
    public required string OutputPath { get; init; }
}
