namespace CrmSync.SolutionPackager;

/// <summary>
/// Packs the unpacked CrmSync solution source and the plug-in DLL into a managed solution zip laid
/// out like a Dataverse export: <c>[Content_Types].xml</c>, <c>customizations.xml</c>,
/// <c>solution.xml</c> and <c>PluginAssemblies/&lt;Name&gt;-&lt;ID&gt;/&lt;Name&gt;.dll</c>.
/// </summary>
public static class SolutionPackager
{
    /// <summary>The Dataverse sandbox runs .NET Framework 4.6.2 assemblies only.</summary>
    private const string SandboxFramework = ".NETFramework,Version=v4.6.2";

    /// <summary>The sandbox's limit on a plug-in assembly's size.</summary>
    private const long MaxAssemblyBytes = 16L * 1024 * 1024;

    /// <summary>
    /// Packs <see cref="SolutionPackOptions.SourceDirectory"/> with the plug-in DLL. Computed values
    /// (assembly full name and file path, plug-in type names, the managed flag) are filled in from
    /// the DLL; the same inputs always give the same bytes.
    /// </summary>
    /// <exception cref="SolutionPackException">The source or the DLL cannot be packed; the message says why.</exception>
    public static SolutionPackResult Pack(SolutionPackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var source = Path.GetFullPath(options.SourceDirectory);
        var plugin = ReadPlugin(options.PluginAssemblyPath);

        var contentTypes = XmlFiles.Load(source, SolutionLayout.ContentTypes);
        var solution = XmlFiles.Load(source, SolutionLayout.SourceSolution);
        var customizations = XmlFiles.Load(source, SolutionLayout.SourceCustomizations);

        var (uniqueName, version) = ManifestRewriter.ReadIdentity(solution);
        var (assemblyId, pluginEntry) = CustomizationsRewriter.Apply(customizations, plugin.Identity);
        ManifestRewriter.Apply(solution, plugin.Identity, assemblyId);

        var entries = new List<(string Name, byte[] Content)>
        {
            (SolutionLayout.ContentTypes, XmlFiles.Serialize(contentTypes, declaration: true)),
            (SolutionLayout.Customizations, XmlFiles.Serialize(customizations, declaration: false)),
            (SolutionLayout.Solution, XmlFiles.Serialize(solution, declaration: false)),
            (pluginEntry, plugin.Bytes),
        };

        var output = ResolveOutputPath(options.OutputPath, uniqueName, version);
        DeterministicZip.Write(output, entries);
        return new SolutionPackResult(
            output,
            uniqueName,
            version,
            plugin.Identity.FullName,
            entries.ConvertAll(entry => entry.Name));
    }

    private static (PluginAssemblyIdentity Identity, byte[] Bytes) ReadPlugin(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new SolutionPackException($"The plug-in assembly '{full}' does not exist; build Plugins/CrmSync.Plugins.csproj for net462 first.");
        }

        if (new FileInfo(full).Length > MaxAssemblyBytes)
        {
            throw new SolutionPackException($"'{full}' is larger than the sandbox's 16 MB limit for a plug-in assembly.");
        }

        var identity = PluginAssemblyReader.Read(full);
        if (identity.Name == "Microsoft.Xrm.Sdk")
        {
            // The platform provides the SDK; the repo's copy is a reference surface only.
            throw new SolutionPackException("Microsoft.Xrm.Sdk is provided by Dataverse and must never be packed into a solution.");
        }

        if (!string.Equals(identity.TargetFramework, SandboxFramework, StringComparison.Ordinal))
        {
            throw new SolutionPackException(
                $"'{full}' targets '{identity.TargetFramework ?? "an unknown framework"}'; the Dataverse sandbox needs the {SandboxFramework} build.");
        }

        return (identity, File.ReadAllBytes(full));
    }

    private static string ResolveOutputPath(string outputPath, string uniqueName, string version)
    {
        var isDirectory = Directory.Exists(outputPath)
            || outputPath.EndsWith(Path.DirectorySeparatorChar)
            || outputPath.EndsWith(Path.AltDirectorySeparatorChar);
        var path = isDirectory ? Path.Combine(outputPath, SolutionLayout.ManagedFileName(uniqueName, version)) : outputPath;
        return Path.GetFullPath(path);
    }
}
