using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace CrmSync.Plugins.Tests.Solution;

/// <summary>What a test needs to know about a DLL's metadata, read without loading it.</summary>
internal sealed record PluginDllMetadata(
    AssemblyName Name,
    string? TargetFramework,
    IReadOnlyList<AssemblyName> References,
    IReadOnlySet<string> PublicClasses)
{
    public static PluginDllMetadata Read(byte[] dll)
    {
        using var pe = new PEReader(ImmutableArray.Create(dll));
        var reader = pe.GetMetadataReader();
        var references = reader.AssemblyReferences
            .Select(handle => reader.GetAssemblyReference(handle).GetAssemblyName())
            .ToList();
        var classes = reader.TypeDefinitions
            .Select(reader.GetTypeDefinition)
            .Where(type => (type.Attributes & TypeAttributes.VisibilityMask) == TypeAttributes.Public
                && (type.Attributes & TypeAttributes.Interface) == 0)
            .Select(type => $"{reader.GetString(type.Namespace)}.{reader.GetString(type.Name)}")
            .ToHashSet(StringComparer.Ordinal);
        return new PluginDllMetadata(reader.GetAssemblyDefinition().GetAssemblyName(), ReadTargetFramework(reader), references, classes);
    }

    /// <summary>The string argument of the assembly's <c>System.Runtime.Versioning.TargetFrameworkAttribute</c>; null without one.</summary>
    public static string? ReadTargetFramework(MetadataReader reader)
    {
        foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference)
            {
                continue;
            }

            var parent = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
            if (parent.Kind != HandleKind.TypeReference)
            {
                continue;
            }

            var type = reader.GetTypeReference((TypeReferenceHandle)parent);
            if (reader.GetString(type.Namespace) == "System.Runtime.Versioning"
                && reader.GetString(type.Name) == "TargetFrameworkAttribute")
            {
                var blob = reader.GetBlobReader(attribute.Value);
                blob.ReadUInt16();
                return blob.ReadSerializedString();
            }
        }

        return null;
    }
}
