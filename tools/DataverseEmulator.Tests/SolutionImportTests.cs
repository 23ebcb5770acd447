using CrmSync.Demo;
using System.IO.Compression;
using System.Net;
using System.Text;
using CrmSync.DataverseEmulator.Tests.Support;

namespace CrmSync.DataverseEmulator.Tests;

/// <summary>
/// ImportSolution (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/importsolution) and
/// the customizations.xml format of Microsoft's CustomizationsSolution.xsd
/// (https://learn.microsoft.com/power-apps/developer/data-platform/customization-solutions-file-schema).
/// </summary>
public sealed class SolutionImportTests
{
    private const string SolutionXml = """
        <ImportExportXml version="9.2.0.0" SolutionPackageVersion="9.2" languagecode="1033">
          <SolutionManifest><UniqueName>Widgets</UniqueName><Version>2.3.0.0</Version><Managed>1</Managed></SolutionManifest>
        </ImportExportXml>
        """;

    private const string CustomizationsXml = """
        <ImportExportXml>
          <Entities>
            <Entity>
              <Name LocalizedName="Widget" OriginalName="Widget">new_widget</Name>
              <EntityInfo>
                <entity Name="new_widget">
                  <attributes>
                    <attribute PhysicalName="new_widgetId"><Type>primarykey</Type><Name>new_widgetid</Name><LogicalName>new_widgetid</LogicalName><ValidForCreateApi>1</ValidForCreateApi><ValidForUpdateApi>0</ValidForUpdateApi><ValidForReadApi>1</ValidForReadApi><IsSecured>0</IsSecured></attribute>
                    <attribute PhysicalName="new_name"><Type>nvarchar</Type><Name>new_name</Name><LogicalName>new_name</LogicalName><DisplayMask>PrimaryName|ValidForAdvancedFind</DisplayMask><IsSecured>0</IsSecured><MaxLength>10</MaxLength></attribute>
                    <attribute PhysicalName="new_code"><Type>nvarchar</Type><Name>new_code</Name><LogicalName>new_code</LogicalName><IsSecured>1</IsSecured><MaxLength>20</MaxLength></attribute>
                    <attribute PhysicalName="new_contact"><Type>lookup</Type><Name>new_contact</Name><LogicalName>new_contact</LogicalName><IsSecured>0</IsSecured></attribute>
                  </attributes>
                  <EntitySetName>new_widgets</EntitySetName>
                  <IsActivity>0</IsActivity>
                </entity>
              </EntityInfo>
            </Entity>
          </Entities>
          <EntityRelationships>
            <EntityRelationship Name="new_contact_new_widget">
              <EntityRelationshipType>OneToMany</EntityRelationshipType>
              <ReferencingEntityName>new_widget</ReferencingEntityName>
              <ReferencedEntityName>Contact</ReferencedEntityName>
              <ReferencingAttributeName>new_Contact</ReferencingAttributeName>
            </EntityRelationship>
          </EntityRelationships>
        </ImportExportXml>
        """;

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = archive.CreateEntry(name).Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }
        }

        return buffer.ToArray();
    }

    private static Task<HttpResponseMessage> ImportAsync(EmulatorClient client, byte[] zip) =>
        client.SendAsync(HttpMethod.Post, "ImportSolution", new
        {
            OverwriteUnmanagedCustomizations = true,
            PublishWorkflows = true,
            CustomizationFile = Convert.ToBase64String(zip),
            ImportJobId = Guid.NewGuid(),
        });

    [Fact]
    public async Task ImportSolution_CustomTable_CreatesEntitySetColumnsLookupAndSecurity()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);
        var contact = await client.CreateAsync("contacts", new { lastname = "Owner" });

        using var import = await ImportAsync(client, Zip(("solution.xml", SolutionXml), ("customizations.xml", CustomizationsXml), ("[Content_Types].xml", "<Types/>")));
        var widget = await client.CreateAsync("new_widgets", new Dictionary<string, object> { ["new_name"] = "W1", ["new_contact@odata.bind"] = $"/contacts({contact})" });
        var read = await client.GetJsonAsync($"new_widgets({widget})?$select=new_name,_new_contact_value");
        using var secured = await client.SendAsync(HttpMethod.Patch, $"new_widgets({widget})", new { new_code = "X" });
        using var tooLong = await client.SendAsync(HttpMethod.Post, "new_widgets", new { new_name = "longer than ten" });
        var solution = await client.GetJsonAsync("solutions?$select=uniquename,version&$filter=uniquename eq 'Widgets'");

        Assert.Equal(HttpStatusCode.NoContent, import.StatusCode);
        Assert.Equal("W1", read.GetProperty("new_name").GetString());
        Assert.Equal(contact.ToString(), read.GetProperty("_new_contact_value").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, secured.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal("2.3.0.0", Assert.Single(solution.GetProperty("value").EnumerateArray()).GetProperty("version").GetString());
    }

    [Fact]
    public async Task ImportSolution_PackedSolutionOverHttp_RegistersStepsThatRun()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);

        using var import = await ImportAsync(client, await File.ReadAllBytesAsync(PackedSolution.Find()));
        await client.CreateAsync("leads", new { lastname = "Triggers the step" });

        Assert.Equal(HttpStatusCode.NoContent, import.StatusCode);
        Assert.Equal(1, emulator.Admin.Counters.PluginExecutions);
        Assert.Contains(emulator.Admin.PluginTraces, t => t.Contains("entered SyncEventPlugin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ImportSolution_StepNamingAnUnknownMessageId_Returns400NamingIt()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);
        // The packed solution with its Merge steps naming the generated id CrmSync used before the documented one.
        var zip = Rewrite(await File.ReadAllBytesAsync(PackedSolution.Find()), "customizations.xml",
            xml => xml.Replace("dbbdbb1b-ea3e-db11-86a7-000a3a5473e8", "5bfc65d7-09e1-499a-b93e-b13cc91ed06d", StringComparison.Ordinal));

        using var import = await ImportAsync(client, zip);

        Assert.Equal(HttpStatusCode.BadRequest, import.StatusCode);
        Assert.Contains("5bfc65d7-09e1-499a-b93e-b13cc91ed06d", await import.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static byte[] Rewrite(byte[] zip, string entryName, Func<string, string> change)
    {
        using var buffer = new MemoryStream();
        buffer.Write(zip);
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = archive.Entries.Single(e => string.Equals(e.FullName, entryName, StringComparison.OrdinalIgnoreCase));
            string text;
            using (var reader = new StreamReader(entry.Open()))
            {
                text = reader.ReadToEnd();
            }

            entry.Delete();
            using var writer = new StreamWriter(archive.CreateEntry(entryName).Open());
            writer.Write(change(text));
        }

        return buffer.ToArray();
    }

    [Fact]
    public async Task ImportSolution_NotAZip_Returns400AndChangesNothing()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);

        using var import = await ImportAsync(client, Encoding.UTF8.GetBytes("not a zip"));
        using var query = await client.SendAsync(HttpMethod.Get, "new_widgets");

        Assert.Equal(HttpStatusCode.BadRequest, import.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, query.StatusCode);
    }
}
