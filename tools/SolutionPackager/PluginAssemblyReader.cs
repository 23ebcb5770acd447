using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace CrmSync.SolutionPackager;

/// <summary>Reads the plug-in DLL's identity and plug-in types without loading it.</summary>
internal static class PluginAssemblyReader
{
    private const string XrmNamespace = "Microsoft.Xrm.Sdk";
    private const string PluginInterface = "IPlugin";

    public static PluginAssemblyIdentity Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            throw new SolutionPackException($"'{path}' is not a .NET assembly.");
        }

        var reader = pe.GetMetadataReader();
        if (!reader.IsAssembly)
        {
            throw new SolutionPackException($"'{path}' is a module, not an assembly.");
        }

        var name = reader.GetAssemblyDefinition().GetAssemblyName();
        if (name.GetPublicKeyToken() is not { Length: 8 })
        {
            // The sandbox registers only strong-named assemblies.
            throw new SolutionPackException($"'{path}' is not strong-name signed; Dataverse only registers signed plug-in assemblies.");
        }

        return new PluginAssemblyIdentity(
            name.Name ?? throw new SolutionPackException($"'{path}' has no assembly name."),
            name.FullName,
            ReadTargetFramework(reader),
            ReadPluginTypes(reader));
    }

    private static string? ReadTargetFramework(MetadataReader reader)
    {
        foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (AttributeTypeName(reader, attribute) != "System.Runtime.Versioning.TargetFrameworkAttribute")
            {
                continue;
            }

            // ECMA-335 II.23.3: prolog 0x0001, then the constructor's string argument.
            var blob = reader.GetBlobReader(attribute.Value);
            return blob.ReadUInt16() == 1 ? blob.ReadSerializedString() : null;
        }

        return null;
    }

    private static string? AttributeTypeName(MetadataReader reader, CustomAttribute attribute)
    {
        if (attribute.Constructor.Kind != HandleKind.MemberReference)
        {
            return null;
        }

        var parent = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
        if (parent.Kind != HandleKind.TypeReference)
        {
            return null;
        }

        var type = reader.GetTypeReference((TypeReferenceHandle)parent);
        return $"{reader.GetString(type.Namespace)}.{reader.GetString(type.Name)}";
    }

    private static HashSet<string> ReadPluginTypes(MetadataReader reader)
    {
        var types = new HashSet<string>(StringComparer.Ordinal);
        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            var visibility = type.Attributes & TypeAttributes.VisibilityMask;
            var isConcreteClass = (type.Attributes & (TypeAttributes.Interface | TypeAttributes.Abstract)) == 0;
            if (visibility == TypeAttributes.Public && isConcreteClass && ImplementsPlugin(reader, handle))
            {
                types.Add($"{reader.GetString(type.Namespace)}.{reader.GetString(type.Name)}");
            }
        }

        return types;
    }

    private static bool ImplementsPlugin(MetadataReader reader, TypeDefinitionHandle handle)
    {
        // Walk the base classes declared in this assembly (a PluginBase pattern); IPlugin itself
        // lives in Microsoft.Xrm.Sdk, so it is always a type reference.
        for (var depth = 0; depth < 32 && !handle.IsNil; depth++)
        {
            var type = reader.GetTypeDefinition(handle);
            foreach (var implementation in type.GetInterfaceImplementations())
            {
                var @interface = reader.GetInterfaceImplementation(implementation).Interface;
                if (@interface.Kind == HandleKind.TypeReference)
                {
                    var reference = reader.GetTypeReference((TypeReferenceHandle)@interface);
                    if (reader.StringComparer.Equals(reference.Namespace, XrmNamespace)
                        && reader.StringComparer.Equals(reference.Name, PluginInterface))
                    {
                        return true;
                    }
                }
            }

            handle = type.BaseType.Kind == HandleKind.TypeDefinition ? (TypeDefinitionHandle)type.BaseType : default;
        }

        return false;
    }
}
