using System.IO.Compression;
using System.Xml.Linq;
using CrmSync.SolutionPackager;

namespace CrmSync.Plugins.Tests.Solution;

/// <summary>The packer as a library (SolutionPackager.Pack): determinism, computed values, refusals.</summary>
public sealed class SolutionPackagerTests : IClassFixture<PackedSolution>, IDisposable
{
    private readonly PackedSolution _solution;
    private readonly string _work = Directory.CreateTempSubdirectory("crmsync-pack-").FullName;

    public SolutionPackagerTests(PackedSolution solution) => _solution = solution;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void Pack_SameInputsTwice_WritesIdenticalBytes()
    {
        var first = Pack(SolutionTestPaths.SourceDirectory, Path.Combine(_work, "first.zip"));
        var second = Pack(SolutionTestPaths.SourceDirectory, Path.Combine(_work, "second.zip"));

        Assert.Equal(File.ReadAllBytes(first.OutputPath), File.ReadAllBytes(second.OutputPath));
        Assert.Equal(File.ReadAllBytes(SolutionTestPaths.ZipPath), File.ReadAllBytes(first.OutputPath));
    }

    [Fact]
    public void Pack_OutputIsADirectory_WritesTheManagedFileName()
    {
        var result = Pack(SolutionTestPaths.SourceDirectory, _work + Path.DirectorySeparatorChar);

        Assert.Equal(Path.Combine(_work, SolutionTestPaths.ZipFileName), result.OutputPath);
        Assert.Equal(("CrmSync", "1.0.0.0"), (result.UniqueName, result.Version));
        Assert.Equal(_solution.Entries, result.Entries);
    }

    [Fact]
    public void Pack_SourceWithStaleAssemblyValues_FillsThemInFromTheDll()
    {
        var source = CopySource();
        var path = Path.Combine(source, "Other", "Customizations.xml");
        var document = XDocument.Load(path);
        var assembly = document.Root!.Element("SolutionPluginAssemblies")!.Element("PluginAssembly")!;
        assembly.SetAttributeValue("FullName", "CrmSync.Plugins, Version=0.0.0.1, Culture=neutral, PublicKeyToken=null");
        assembly.Element("FileName")!.Remove();
        document.Root.Element("SdkMessageProcessingSteps")!.Elements().First().Element("PluginTypeName")!.Value = "CrmSync.Plugins.SyncEventPlugin";
        document.Save(path);

        var result = Pack(source, Path.Combine(_work, "out.zip"));

        using var zip = ZipFile.OpenRead(result.OutputPath);
        var packed = XDocument.Load(zip.GetEntry("customizations.xml")!.Open());
        Assert.Equal(_solution.Customizations.ToString(), packed.ToString());
    }

    [Fact]
    public void Pack_Net10BuildOfThePlugin_IsRefused()
    {
        var exception = Assert.Throws<SolutionPackException>(() => SolutionPackager.SolutionPackager.Pack(new SolutionPackOptions
        {
            SourceDirectory = SolutionTestPaths.SourceDirectory,
            PluginAssemblyPath = typeof(SyncEventPlugin).Assembly.Location,
            OutputPath = Path.Combine(_work, "out.zip"),
        }));

        Assert.Contains(".NETFramework,Version=v4.6.2", exception.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_work, "out.zip")));
    }

    [Fact]
    public void Pack_XrmSdkInsteadOfThePlugin_IsRefused()
    {
        var exception = Assert.Throws<SolutionPackException>(() => SolutionPackager.SolutionPackager.Pack(new SolutionPackOptions
        {
            SourceDirectory = SolutionTestPaths.SourceDirectory,
            PluginAssemblyPath = typeof(Microsoft.Xrm.Sdk.IPlugin).Assembly.Location,
            OutputPath = Path.Combine(_work, "out.zip"),
        }));

        Assert.Contains("Microsoft.Xrm.Sdk", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pack_PluginTypeMissingFromTheDll_IsRefused()
    {
        var source = CopySource();
        var path = Path.Combine(source, "Other", "Customizations.xml");
        File.WriteAllText(path, File.ReadAllText(path).Replace("Name=\"CrmSync.Plugins.SyncEventPlugin\"", "Name=\"CrmSync.Plugins.Missing\"", StringComparison.Ordinal));

        var exception = Assert.Throws<SolutionPackException>(() => Pack(source, Path.Combine(_work, "out.zip")));

        Assert.Contains("CrmSync.Plugins.Missing", exception.Message, StringComparison.Ordinal);
    }

    private SolutionPackResult Pack(string source, string output) =>
        SolutionPackager.SolutionPackager.Pack(new SolutionPackOptions
        {
            SourceDirectory = source,
            PluginAssemblyPath = PackedDll(),
            OutputPath = output,
        });

    /// <summary>The net462 DLL from the built zip, so the tests need not know the build configuration.</summary>
    private string PackedDll()
    {
        var path = Path.Combine(_work, "CrmSync.Plugins.dll");
        if (!File.Exists(path))
        {
            File.WriteAllBytes(path, _solution.PluginDll);
        }

        return path;
    }

    private string CopySource()
    {
        var target = Path.Combine(_work, "src");
        foreach (var file in Directory.EnumerateFiles(SolutionTestPaths.SourceDirectory, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(SolutionTestPaths.SourceDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }
}
