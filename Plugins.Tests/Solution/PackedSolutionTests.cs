using System.Xml;
using System.Xml.Schema;

namespace CrmSync.Plugins.Tests.Solution;

/// <summary>
/// The packed managed solution: zip layout, schema validity of customizations.xml (schema from
/// learn.microsoft.com/power-apps/developer/data-platform/customization-solutions-file-schema,
/// vendored in solution/schemas/), solution.xml and the shipped DLL.
/// </summary>
public sealed class PackedSolutionTests : IClassFixture<PackedSolution>
{
    private const string AssemblyFullName = "CrmSync.Plugins, Version=1.0.0.0, Culture=neutral, PublicKeyToken=c8b6902cab27ae67";
    private const string PluginEntry = "PluginAssemblies/CrmSyncPlugins-00367E38-4EDD-4247-B3FA-42D9DE62BBAC/CrmSyncPlugins.dll";

    private readonly PackedSolution _solution;

    public PackedSolutionTests(PackedSolution solution) => _solution = solution;

    [Fact]
    public void Zip_AfterBuild_HasExactlyTheExportLayout()
    {
        Assert.Equal(["[Content_Types].xml", "customizations.xml", "solution.xml", PluginEntry], _solution.Entries);
        Assert.DoesNotContain(_solution.Entries, entry => entry.Contains("Microsoft.Xrm.Sdk", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("published")]
    [InlineData("xmllint")]
    public void Customizations_AgainstPublishedSchema_HasNoValidationErrors(string schemaFolder)
    {
        var schemas = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        schemas.Add(null, Path.Combine(SolutionTestPaths.SchemaFolder(schemaFolder), "CustomizationsSolution.xsd"));
        schemas.Compile();
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) =>
            errors.Add($"{e.Severity} at {e.Exception?.LineNumber}:{e.Exception?.LinePosition}: {e.Message}");

        using (var stream = new MemoryStream(_solution.Files["customizations.xml"]))
        using (var reader = XmlReader.Create(stream, settings))
        {
            while (reader.Read())
            {
            }
        }

        Assert.Empty(errors);
    }

    [Fact]
    public void Customizations_WithAnElementOutOfSchemaOrder_FailsValidation()
    {
        // Guards the validation above: the schema set really rejects a misplaced step child.
        var broken = System.Text.Encoding.UTF8.GetString(_solution.Files["customizations.xml"])
            .Replace("<Stage>40</Stage>", "<Stage>40</Stage><Mode>0</Mode>", StringComparison.Ordinal);
        var schemas = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        schemas.Add(null, Path.Combine(SolutionTestPaths.SchemaFolder("published"), "CustomizationsSolution.xsd"));
        var errors = 0;
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationEventHandler += (_, _) => errors++;
        using (var reader = XmlReader.Create(new StringReader(broken), settings))
        {
            while (reader.Read())
            {
            }
        }

        Assert.Equal(15, errors); // one per step: lead, contact and account × Create, Update, Delete, Merge; opportunity × Create, Update, Delete
    }

    [Fact]
    public void SolutionXml_AfterPack_IsManagedCrmSyncFromPublisherCrmSync()
    {
        var manifest = _solution.Manifest.Root!.Element("SolutionManifest")!;
        Assert.Equal("CrmSync", manifest.Element("UniqueName")!.Value);
        Assert.Equal("1.0.0.0", manifest.Element("Version")!.Value);
        Assert.Equal("1", manifest.Element("Managed")!.Value);
        var publisher = manifest.Element("Publisher")!;
        Assert.Equal("crmsync", publisher.Element("UniqueName")!.Value);
        Assert.Equal("crmsync", publisher.Element("CustomizationPrefix")!.Value);
        Assert.Equal("61230", publisher.Element("CustomizationOptionValuePrefix")!.Value);
    }

    [Fact]
    public void SolutionXml_RootComponents_ListEveryTableRoleAssemblyAndStep()
    {
        var roots = _solution.Manifest.Root!.Element("SolutionManifest")!.Element("RootComponents")!.Elements("RootComponent").ToList();
        string[] tables = ["contact", "crmsync_syncevent", "crmsync_syncresult", "lead"];
        Assert.Equal(tables, roots.Where(r => (string?)r.Attribute("type") == "1").Select(r => (string)r.Attribute("schemaName")!).Order());
        var assembly = Assert.Single(roots, r => (string?)r.Attribute("type") == "91");
        Assert.Equal(AssemblyFullName, (string?)assembly.Attribute("schemaName"));
        Assert.Equal(Guid.Parse((string)_solution.PluginAssembly.Attribute("PluginAssemblyId")!), Guid.Parse((string)assembly.Attribute("id")!));
        var role = Assert.Single(roots, r => (string?)r.Attribute("type") == "20");
        Assert.Equal(Guid.Parse((string)_solution.Customizations.Root!.Element("Roles")!.Element("Role")!.Attribute("id")!), Guid.Parse((string)role.Attribute("id")!));
        var stepIds = _solution.Steps.Select(s => Guid.Parse((string)s.Attribute("SdkMessageProcessingStepId")!)).Order();
        Assert.Equal(stepIds, roots.Where(r => (string?)r.Attribute("type") == "92").Select(r => Guid.Parse((string)r.Attribute("id")!)).Order());
    }

    [Fact]
    public void PluginAssembly_AfterPack_NamesTheShippedDll()
    {
        Assert.Equal(AssemblyFullName, (string?)_solution.PluginAssembly.Attribute("FullName"));
        Assert.Equal("/" + PluginEntry, _solution.PluginAssembly.Element("FileName")!.Value);
        Assert.Equal("2", _solution.PluginAssembly.Element("IsolationMode")!.Value);
        var dll = PluginDllMetadata.Read(_solution.PluginDll);
        Assert.Equal(AssemblyFullName, dll.Name.FullName);
    }

    [Fact]
    public void PluginDll_InZip_IsTheNet462BuildReferencingOnlyFrameworkAndXrmSdk()
    {
        var dll = PluginDllMetadata.Read(_solution.PluginDll);

        Assert.Equal(".NETFramework,Version=v4.6.2", dll.TargetFramework);
        Assert.Contains(dll.References, reference => reference.Name == "mscorlib");
        Assert.DoesNotContain(dll.References, reference => reference.Name == "System.Runtime");
        var xrm = Assert.Single(dll.References, reference => reference.Name == "Microsoft.Xrm.Sdk");
        Assert.Equal("Microsoft.Xrm.Sdk, Version=9.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35", xrm.FullName);
    }

    [Fact]
    public void PluginTypes_InCustomizations_ExistAsPublicClassesInPackedDll()
    {
        var dll = PluginDllMetadata.Read(_solution.PluginDll);
        var types = _solution.PluginAssembly.Element("PluginTypes")!.Elements("PluginType").ToList();

        Assert.NotEmpty(types);
        foreach (var type in types)
        {
            Assert.Contains((string)type.Attribute("Name")!, dll.PublicClasses);
            Assert.Equal($"{(string)type.Attribute("Name")!}, {AssemblyFullName}", (string?)type.Attribute("AssemblyQualifiedName"));
        }
    }
}
