using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using CrmSync.Plugins.Tests.Solution;

namespace CrmSync.Plugins.Tests.AssemblyPin;

/// <summary>
/// Pins the net462 CrmSync.Plugins.dll that Dataverse loads and the solution ships (issue 2, item 5):
/// signed with the project key, referencing only .NET Framework and Microsoft.Xrm.Sdk 9.0.0.0, and
/// using exactly the Xrm types and members listed, with their documented signatures, in
/// <c>AssemblyPin/Microsoft.Xrm.Sdk.references.txt</c>.
/// </summary>
public sealed class PluginAssemblyPinTests : IDisposable
{
    private const string ListFile = "Microsoft.Xrm.Sdk.references.txt";
    private const string DocumentationPrefix = "https://learn.microsoft.com/dotnet/api/microsoft.xrm.sdk.";

    // The .NET Framework assemblies the plug-in may use: the sandbox has them, and nothing else but Xrm.
    private static readonly string[] FrameworkAssemblies = ["mscorlib", "System", "System.Core"];
    private const string FrameworkPublicKeyToken = "b77a5c561934e089";

    private readonly PEReader _pe;
    private readonly MetadataReader _metadata;

    public PluginAssemblyPinTests()
    {
        _pe = new PEReader(File.OpenRead(PluginAssemblyFile.Net462Path()));
        _metadata = _pe.GetMetadataReader();
    }

    public void Dispose() => _pe.Dispose();

    [Fact]
    public void PluginDll_Identity_IsSignedWithTheProjectKey()
    {
        var assembly = _metadata.GetAssemblyDefinition();
        var publicKey = _metadata.GetBlobBytes(assembly.PublicKey);

        Assert.Equal("CrmSync.Plugins", _metadata.GetString(assembly.Name));
        Assert.Equal(new Version(1, 0, 0, 0), assembly.Version);
        Assert.NotEmpty(publicKey);
        Assert.True(assembly.Flags.HasFlag(AssemblyFlags.PublicKey));
        Assert.Equal("c8b6902cab27ae67", PublicKeyToken(publicKey));
        Assert.True(_pe.PEHeaders.CorHeader!.Flags.HasFlag(CorFlags.StrongNameSigned));
        Assert.True(_pe.PEHeaders.CorHeader.StrongNameSignatureDirectory.Size > 0);
    }

    [Fact]
    public void PluginDll_TargetFramework_IsNetFramework462()
    {
        Assert.Equal(".NETFramework,Version=v4.6.2", PluginDllMetadata.ReadTargetFramework(_metadata));
    }

    [Fact]
    public void PluginDll_References_OnlyNetFrameworkAndXrmSdk9()
    {
        var references = _metadata.AssemblyReferences.Select(_metadata.GetAssemblyReference).ToList();
        var xrm = Assert.Single(references, r => _metadata.GetString(r.Name) == XrmReferences.XrmAssemblyName);

        Assert.Equal(new Version(9, 0, 0, 0), xrm.Version);
        Assert.Equal("31bf3856ad364e35", Convert.ToHexStringLower(_metadata.GetBlobBytes(xrm.PublicKeyOrToken)));
        Assert.True(_metadata.GetString(xrm.Culture).Length == 0, "Microsoft.Xrm.Sdk must be culture neutral");
        foreach (var reference in references.Where(r => !r.Equals(xrm)))
        {
            var name = _metadata.GetString(reference.Name);
            Assert.True(FrameworkAssemblies.Contains(name), "Unexpected assembly reference " + name);
            Assert.Equal(new Version(4, 0, 0, 0), reference.Version);
            Assert.Equal(FrameworkPublicKeyToken, Convert.ToHexStringLower(_metadata.GetBlobBytes(reference.PublicKeyOrToken)));
        }

        Assert.Equal(0, _metadata.GetTableRowCount(TableIndex.ModuleRef));
    }

    [Fact]
    public void PluginDll_XrmTypesAndMembersReferenced_EqualTheCheckedInList()
    {
        var actual = XrmReferences.Read(_metadata);
        var listed = ReadList().Select(line => line.Key).ToHashSet(StringComparer.Ordinal);

        var missing = actual.Where(k => !listed.Contains(k)).ToList();
        var extra = listed.Where(k => !actual.Contains(k)).Order(StringComparer.Ordinal).ToList();

        Assert.True(
            missing.Count == 0 && extra.Count == 0,
            "The plug-in's Microsoft.Xrm.Sdk references differ from " + ListFile + ".\n" +
            "Referenced but not listed (add each with its documented signature and page):\n" +
            string.Concat(missing.Select(k => "  + " + k + "\n")) +
            "Listed but no longer referenced (remove):\n" +
            string.Concat(extra.Select(k => "  - " + k + "\n")));
    }

    [Fact]
    public void ReferenceList_EveryLine_CitesASignatureAndItsDocumentationPage()
    {
        var lines = ReadList();

        Assert.NotEmpty(lines);
        Assert.Equal(lines.Count, lines.Select(l => l.Key).Distinct(StringComparer.Ordinal).Count());
        foreach (var line in lines)
        {
            Assert.False(string.IsNullOrWhiteSpace(line.Signature), "No documented signature for " + line.Key);
            Assert.True(
                line.Url.StartsWith(DocumentationPrefix, StringComparison.Ordinal) && !line.Url.Contains(' ', StringComparison.Ordinal),
                "Not a Microsoft.Xrm.Sdk API reference page for " + line.Key + ": " + line.Url);
        }
    }

    [Fact]
    public void PluginDll_PluginType_IsPublicIPluginWithConfigurationConstructor()
    {
        var type = _metadata.TypeDefinitions.Select(_metadata.GetTypeDefinition)
            .Single(t => _metadata.GetString(t.Namespace) == "CrmSync.Plugins" && _metadata.GetString(t.Name) == "SyncEventPlugin");
        var names = new SignatureTypeNames(_metadata);

        Assert.True(type.Attributes.HasFlag(TypeAttributes.Public));
        Assert.Contains(
            "Microsoft.Xrm.Sdk.IPlugin",
            type.GetInterfaceImplementations().Select(i => _metadata.GetInterfaceImplementation(i).Interface)
                .Select(h => names.FullName((TypeReferenceHandle)h)));
        Assert.Contains(
            type.GetMethods().Select(_metadata.GetMethodDefinition),
            m => _metadata.GetString(m.Name) == ".ctor" && m.Attributes.HasFlag(MethodAttributes.Public) &&
                m.DecodeSignature(names, null).ParameterTypes.SequenceEqual(["string", "string"]));
    }

    [Fact]
    public void PluginDll_Size_IsWithinTheSandboxLimit()
    {
        Assert.InRange(new FileInfo(PluginAssemblyFile.Net462Path()).Length, 1, 16L * 1024 * 1024);
    }

    private static List<(string Key, string Signature, string Url)> ReadList()
    {
        var path = Path.Combine(SolutionTestPaths.RepoRoot, "Plugins.Tests", "AssemblyPin", ListFile);
        var result = new List<(string, string, string)>();
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split(" | ");
            Assert.True(parts.Length == 3, "Expected 'reference | documented signature | page' in " + ListFile + ": " + line);
            result.Add((parts[0].Trim(), parts[1].Trim(), parts[2].Trim()));
        }

        return result;
    }

    private static string PublicKeyToken(byte[] publicKey)
    {
        var hash = SHA1.HashData(publicKey);
        return Convert.ToHexStringLower(hash.AsSpan(hash.Length - 8).ToArray().Reverse().ToArray());
    }
}
