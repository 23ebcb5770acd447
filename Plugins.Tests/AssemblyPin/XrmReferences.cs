using System.Reflection.Metadata;

namespace CrmSync.Plugins.Tests.AssemblyPin;

/// <summary>
/// The Microsoft.Xrm.Sdk types and members an assembly references, read from its metadata: every
/// TypeReference resolved to the Xrm assembly, and every MemberReference whose parent is such a type or
/// a generic instantiation of one (e.g. <c>DataCollection`2&lt;string,object&gt;</c>, where the members of
/// <c>ParameterCollection</c> and <c>AttributeCollection</c> bind).
/// </summary>
internal static class XrmReferences
{
    public const string XrmAssemblyName = "Microsoft.Xrm.Sdk";

    /// <summary>Types as <c>Namespace.Name</c>; members as <c>Type::Name(parameters) : return</c>.</summary>
    public static SortedSet<string> Read(MetadataReader reader)
    {
        var names = new SignatureTypeNames(reader);
        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var handle in reader.TypeReferences)
        {
            if (IsXrm(reader, handle))
            {
                result.Add(names.FullName(handle));
            }
        }

        foreach (var handle in reader.MemberReferences)
        {
            var member = reader.GetMemberReference(handle);
            if (!IsXrmParent(reader, member.Parent))
            {
                continue;
            }

            var parent = member.Parent.Kind == HandleKind.TypeReference
                ? names.FullName((TypeReferenceHandle)member.Parent)
                : names.GetTypeFromSpecification(reader, null, (TypeSpecificationHandle)member.Parent, 0);
            var name = reader.GetString(member.Name);
            if (member.GetKind() == MemberReferenceKind.Method)
            {
                var signature = member.DecodeMethodSignature(names, null);
                var generic = signature.GenericParameterCount > 0 ? "<" + signature.GenericParameterCount + ">" : string.Empty;
                result.Add(parent + "::" + name + generic + "(" + string.Join(", ", signature.ParameterTypes) + ") : " + signature.ReturnType);
            }
            else
            {
                result.Add(parent + "::" + name + " : " + member.DecodeFieldSignature(names, null));
            }
        }

        return result;
    }

    private static bool IsXrmParent(MetadataReader reader, EntityHandle parent)
    {
        switch (parent.Kind)
        {
            case HandleKind.TypeReference:
                return IsXrm(reader, (TypeReferenceHandle)parent);
            case HandleKind.TypeSpecification:
                // GENERICINST (CLASS | VALUETYPE) TypeDefOrRef ...: the generic type decides.
                var blob = reader.GetBlobReader(reader.GetTypeSpecification((TypeSpecificationHandle)parent).Signature);
                if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance)
                {
                    return false;
                }

                blob.ReadSignatureTypeCode();
                var generic = blob.ReadTypeHandle();
                return generic.Kind == HandleKind.TypeReference && IsXrm(reader, (TypeReferenceHandle)generic);
            default:
                return false;
        }
    }

    private static bool IsXrm(MetadataReader reader, TypeReferenceHandle handle)
    {
        var scope = reader.GetTypeReference(handle).ResolutionScope;
        while (scope.Kind == HandleKind.TypeReference)
        {
            scope = reader.GetTypeReference((TypeReferenceHandle)scope).ResolutionScope;
        }

        return scope.Kind == HandleKind.AssemblyReference &&
            reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name) == XrmAssemblyName;
    }
}
