using System.Xml.Linq;

namespace CrmSync.SolutionPackager;

/// <summary>Reads and completes <c>solution.xml</c>: managed flag and the plug-in assembly root component.</summary>
internal static class ManifestRewriter
{
    /// <summary>Root component type of a plug-in assembly (solutioncomponent componenttype 91).</summary>
    private const string PluginAssemblyComponentType = "91";

    public static (string UniqueName, string Version) ReadIdentity(XDocument document)
    {
        var manifest = Manifest(document);
        var uniqueName = ((string?)manifest.Element("UniqueName"))?.Trim();
        var version = ((string?)manifest.Element("Version"))?.Trim();
        if (string.IsNullOrEmpty(uniqueName))
        {
            throw new SolutionPackException("solution.xml has no <SolutionManifest><UniqueName>.");
        }

        if (version is null || !System.Version.TryParse(version, out _))
        {
            throw new SolutionPackException($"solution.xml's <Version> '{version}' is not a version (major.minor.build.revision).");
        }

        return (uniqueName, version);
    }

    public static void Apply(XDocument document, PluginAssemblyIdentity identity, Guid assemblyId)
    {
        var manifest = Manifest(document);

        // This packer produces the managed package only (the zip name says so).
        var managed = manifest.Element("Managed")
            ?? throw new SolutionPackException("solution.xml has no <SolutionManifest><Managed>.");
        managed.Value = "1";

        var roots = manifest.Element("RootComponents")
            ?? throw new SolutionPackException("solution.xml has no <SolutionManifest><RootComponents>.");
        var assemblies = roots.Elements("RootComponent")
            .Where(component => (string?)component.Attribute("type") == PluginAssemblyComponentType)
            .ToList();
        if (assemblies.Count != 1)
        {
            throw new SolutionPackException(
                $"solution.xml must list the plug-in assembly as one <RootComponent type=\"91\">; it lists {assemblies.Count}.");
        }

        assemblies[0].SetAttributeValue("id", "{" + assemblyId.ToString("D") + "}");
        assemblies[0].SetAttributeValue("schemaName", identity.FullName);
    }

    private static XElement Manifest(XDocument document) =>
        document.Root?.Element("SolutionManifest")
        ?? throw new SolutionPackException("solution.xml has no <ImportExportXml><SolutionManifest>.");
}
