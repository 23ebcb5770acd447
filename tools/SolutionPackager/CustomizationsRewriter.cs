using System.Globalization;
using System.Xml.Linq;

namespace CrmSync.SolutionPackager;

/// <summary>
/// Fills the computed values into <c>customizations.xml</c>: the plug-in assembly's full name and
/// file path, every plug-in type's assembly-qualified name and every step's plug-in type name.
/// Everything else is the hand-written source.
/// </summary>
internal static class CustomizationsRewriter
{
    /// <summary>Rewrites <paramref name="document"/> in place.</summary>
    /// <returns>The assembly's id and the zip entry that must hold the DLL.</returns>
    public static (Guid AssemblyId, string Entry) Apply(XDocument document, PluginAssemblyIdentity identity)
    {
        var root = document.Root!;
        var assemblies = root.Element("SolutionPluginAssemblies")?.Elements("PluginAssembly").ToList() ?? [];
        if (assemblies.Count != 1)
        {
            throw new SolutionPackException(
                $"customizations.xml must declare exactly one <PluginAssembly> in <SolutionPluginAssemblies>; it declares {assemblies.Count}.");
        }

        var assembly = assemblies[0];
        var declaredName = SimpleName((string?)assembly.Attribute("FullName") ?? string.Empty);
        if (!string.Equals(declaredName, identity.Name, StringComparison.Ordinal))
        {
            throw new SolutionPackException(
                $"customizations.xml declares plug-in assembly '{declaredName}' but the DLL given is '{identity.Name}'.");
        }

        if (!Guid.TryParse((string?)assembly.Attribute("PluginAssemblyId"), out var assemblyId))
        {
            throw new SolutionPackException($"<PluginAssembly> for '{identity.Name}' needs a PluginAssemblyId GUID.");
        }

        assembly.SetAttributeValue("FullName", identity.FullName);
        var entry = EntryName(identity.Name, assemblyId);
        SetFileName(assembly, "/" + entry);

        var typeNames = RewritePluginTypes(assembly, identity);
        RewriteSteps(root, identity, typeNames);
        return (assemblyId, entry);
    }

    /// <summary>
    /// Dataverse exports a plug-in assembly as <c>PluginAssemblies/&lt;Name&gt;-&lt;ID&gt;/&lt;Name&gt;.dll</c>,
    /// with the name's non-alphanumeric characters dropped and the id in upper case.
    /// </summary>
    internal static string EntryName(string assemblyName, Guid assemblyId)
    {
        var safe = new string(assemblyName.Where(char.IsAsciiLetterOrDigit).ToArray());
        var folder = $"{safe}-{assemblyId.ToString("D", CultureInfo.InvariantCulture).ToUpperInvariant()}";
        return $"{SolutionLayout.PluginAssembliesFolder}/{folder}/{safe}.dll";
    }

    private static Dictionary<string, string> RewritePluginTypes(XElement assembly, PluginAssemblyIdentity identity)
    {
        // PluginTypeId (normalised) -> type full name.
        var byId = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var type in assembly.Element("PluginTypes")?.Elements("PluginType") ?? [])
        {
            var typeName = (string?)type.Attribute("Name")
                ?? SimpleName((string?)type.Attribute("AssemblyQualifiedName") ?? string.Empty);
            if (!identity.PluginTypes.Contains(typeName))
            {
                throw new SolutionPackException(
                    $"Plug-in type '{typeName}' is not a public IPlugin class in {identity.FullName}. " +
                    $"Found: {string.Join(", ", identity.PluginTypes.Order(StringComparer.Ordinal))}.");
            }

            type.SetAttributeValue("AssemblyQualifiedName", $"{typeName}, {identity.FullName}");
            if (Guid.TryParse((string?)type.Attribute("PluginTypeId"), out var typeId))
            {
                byId[typeId.ToString("D")] = typeName;
            }
        }

        return byId;
    }

    private static void RewriteSteps(XElement root, PluginAssemblyIdentity identity, Dictionary<string, string> typeNames)
    {
        foreach (var step in root.Element("SdkMessageProcessingSteps")?.Elements("SdkMessageProcessingStep") ?? [])
        {
            var stepName = (string?)step.Attribute("Name") ?? (string?)step.Attribute("SdkMessageProcessingStepId");
            var typeName = Guid.TryParse((string?)step.Element("PluginTypeId"), out var typeId)
                && typeNames.TryGetValue(typeId.ToString("D"), out var byId)
                    ? byId
                    : SimpleName((string?)step.Element("PluginTypeName") ?? string.Empty);
            if (!typeNames.ContainsValue(typeName))
            {
                throw new SolutionPackException(
                    $"Step '{stepName}' refers to plug-in type '{typeName}', which the <PluginAssembly> does not declare.");
            }

            var element = step.Element("PluginTypeName")
                ?? throw new SolutionPackException($"Step '{stepName}' has no <PluginTypeName>.");
            element.Value = $"{typeName}, {identity.FullName}";
        }
    }

    private static void SetFileName(XElement assembly, string fileName)
    {
        var element = assembly.Element("FileName");
        if (element is null)
        {
            // The schema's order puts FileName right before PluginTypes.
            element = new XElement("FileName");
            var before = assembly.Element("PluginTypes") ?? assembly.Element("IsHidden");
            if (before is null)
            {
                assembly.Add(element);
            }
            else
            {
                before.AddBeforeSelf(element);
            }
        }

        element.Value = fileName;
    }

    private static string SimpleName(string qualifiedName)
    {
        var comma = qualifiedName.IndexOf(',', StringComparison.Ordinal);
        return (comma < 0 ? qualifiedName : qualifiedName[..comma]).Trim();
    }
}
