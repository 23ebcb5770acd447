using System.IO.Compression;
using System.Xml.Linq;

namespace CrmSync.Plugins.Tests.Solution;

/// <summary>The zip that `dotnet build` packed (solution/CrmSync.Solution.csproj), opened once per test class.</summary>
public sealed class PackedSolution
{
    public PackedSolution()
    {
        Assert.True(File.Exists(SolutionTestPaths.ZipPath), $"The build did not pack {SolutionTestPaths.ZipPath}.");
        using var zip = ZipFile.OpenRead(SolutionTestPaths.ZipPath);
        Entries = zip.Entries.Select(entry => entry.FullName).ToList();
        Files = zip.Entries.ToDictionary(entry => entry.FullName, Read, StringComparer.Ordinal);
        Customizations = Load("customizations.xml");
        Manifest = Load("solution.xml");
    }

    public IReadOnlyList<string> Entries { get; }

    public IReadOnlyDictionary<string, byte[]> Files { get; }

    public XDocument Customizations { get; }

    public XDocument Manifest { get; }

    public XElement PluginAssembly => Customizations.Root!.Element("SolutionPluginAssemblies")!.Element("PluginAssembly")!;

    /// <summary>The DLL entry named by the assembly's FileName (which starts with a slash).</summary>
    public byte[] PluginDll => Files[PluginAssembly.Element("FileName")!.Value.TrimStart('/')];

    public IEnumerable<XElement> Steps => Customizations.Root!.Element("SdkMessageProcessingSteps")!.Elements("SdkMessageProcessingStep");

    public XElement Entity(string name) =>
        Customizations.Root!.Element("Entities")!.Elements("Entity")
            .Single(entity => string.Equals(entity.Element("Name")!.Value, name, StringComparison.OrdinalIgnoreCase));

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private XDocument Load(string entry)
    {
        using var stream = new MemoryStream(Files[entry]);
        return XDocument.Load(stream);
    }
}
