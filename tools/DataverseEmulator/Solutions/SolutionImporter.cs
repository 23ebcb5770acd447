using System.Globalization;
using System.IO.Compression;
using System.Xml.Linq;
using CrmSync.DataverseEmulator.Hosting;
using CrmSync.DataverseEmulator.Metadata;
using CrmSync.DataverseEmulator.Pipeline;
using CrmSync.DataverseEmulator.Storage;
using CrmSync.DataverseEmulator.WebApi;

namespace CrmSync.DataverseEmulator.Solutions;

/// <summary>
/// Imports a packed (managed) solution zip: creates or extends the tables it defines, records the
/// solution, its plug-in assemblies, types, steps and images as rows, loads the plug-in DLLs from
/// the zip into their own load contexts and registers the steps with the pipeline.
/// </summary>
internal sealed class SolutionImporter
{
    // The platform's message ids, the same in every organization (Microsoft Learn, "Use messages with the SDK for .NET",
    // Table support for messages). A step naming any other id fails the import, as an unknown sdkmessageid does in Dataverse.
    private static readonly Dictionary<string, string> Messages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["9ebdbb1b-ea3e-db11-86a7-000a3a5473e8"] = "Create",
        ["20bebb1b-ea3e-db11-86a7-000a3a5473e8"] = "Update",
        ["a1bdbb1b-ea3e-db11-86a7-000a3a5473e8"] = "Delete",
        ["dbbdbb1b-ea3e-db11-86a7-000a3a5473e8"] = "Merge",
    };

    private readonly EmulatorState _state;

    public SolutionImporter(EmulatorState state) => _state = state;

    public ImportedSolution Import(byte[] zip)
    {
        try
        {
            using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
            var manifest = Xml(archive, "solution.xml").Element("SolutionManifest") ?? throw Fail("solution.xml has no SolutionManifest.");
            var customizations = Xml(archive, "customizations.xml");
            var solution = new ImportedSolution(
                CustomizationsReader.Text(manifest, "UniqueName") ?? throw Fail("solution.xml has no UniqueName."),
                CustomizationsReader.Text(manifest, "Version") ?? "1.0.0.0",
                CustomizationsReader.Text(manifest, "Managed") == "1");
            lock (_state.Store.Gate)
            {
                foreach (var table in CustomizationsReader.Tables(customizations, _state.Schema).ToList())
                {
                    _state.Schema.Add(table);
                }

                var steps = new RowWriter(_state).Write(solution, manifest, customizations, archive, Messages);
                foreach (var step in steps)
                {
                    _state.Plugins.Register(step);
                }
            }

            return solution;
        }
        catch (InvalidDataException ex)
        {
            throw Fail("The file is not a solution zip: " + ex.Message);
        }
        catch (System.Xml.XmlException ex)
        {
            throw Fail("The solution XML is not well-formed: " + ex.Message);
        }
    }

    private static XElement Xml(ZipArchive archive, string name)
    {
        var entry = archive.Entries.FirstOrDefault(e => e.FullName.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? throw Fail($"The solution zip has no {name}.");
        using var stream = entry.Open();
        return XDocument.Load(stream).Root ?? throw Fail($"{name} is empty.");
    }

    public static WebApiException Fail(string message) => new(400, ErrorCodes.ImportFailed, "Solution import failed: " + message);

    /// <summary>Writes the solution-aware rows as SYSTEM, without running plug-ins.</summary>
    private sealed class RowWriter(EmulatorState state)
    {
        public List<PluginStep> Write(ImportedSolution solution, XElement manifest, XElement customizations, ZipArchive archive, Dictionary<string, string> messages)
        {
            var steps = new List<PluginStep>();
            state.Engine.Execute(tx =>
            {
                var context = OperationContext.ForSystem(tx, state.Engine.Now());
                Upsert(context, "solution", StableId.For("solution", solution.UniqueName), new()
                {
                    ["uniquename"] = solution.UniqueName, ["version"] = solution.Version, ["ismanaged"] = solution.IsManaged,
                    ["friendlyname"] = manifest.Element("LocalizedNames")?.Elements("LocalizedName").FirstOrDefault()?.Attribute("description")?.Value ?? solution.UniqueName,
                    ["installedon"] = context.OperationCreatedOn,
                });
                foreach (var role in customizations.Element("Roles")?.Elements("Role") ?? [])
                {
                    var name = (string?)role.Attribute("name") ?? string.Empty;
                    Upsert(context, "role", Guid.TryParse((string?)role.Attribute("id"), out var roleId) ? roleId : StableId.For("role", name), new() { ["name"] = name });
                }

                foreach (var (name, id) in messages.Select(m => (m.Value, Guid.Parse(m.Key))))
                {
                    Upsert(context, "sdkmessage", id, new() { ["name"] = name });
                }

                var typeAssemblies = Assemblies(context, customizations, archive);
                foreach (var step in customizations.Element("SdkMessageProcessingSteps")?.Elements("SdkMessageProcessingStep") ?? [])
                {
                    steps.Add(Step(context, step, messages, typeAssemblies));
                }

                return true;
            });
            return steps;
        }

        private Dictionary<Guid, Guid> Assemblies(OperationContext context, XElement customizations, ZipArchive archive)
        {
            var typeAssemblies = new Dictionary<Guid, Guid>();
            foreach (var assembly in customizations.Element("SolutionPluginAssemblies")?.Elements("PluginAssembly") ?? [])
            {
                var fullName = (string?)assembly.Attribute("FullName") ?? throw Fail("PluginAssembly has no FullName.");
                var id = Guid.Parse((string?)assembly.Attribute("PluginAssemblyId") ?? throw Fail("PluginAssembly has no PluginAssemblyId."));
                var fileName = (CustomizationsReader.Text(assembly, "FileName") ?? throw Fail("PluginAssembly has no FileName.")).TrimStart('/');
                var entry = archive.Entries.FirstOrDefault(e => e.FullName.Equals(fileName, StringComparison.OrdinalIgnoreCase))
                    ?? throw Fail($"The zip has no assembly file '{fileName}'.");
                using (var stream = entry.Open())
                using (var buffer = new MemoryStream())
                {
                    stream.CopyTo(buffer);
                    state.Plugins.Load(id, fullName, buffer.ToArray());
                }

                var name = new System.Reflection.AssemblyName(fullName);
                Upsert(context, "pluginassembly", id, new()
                {
                    ["name"] = name.Name, ["version"] = name.Version?.ToString(), ["culture"] = string.IsNullOrEmpty(name.CultureName) ? "neutral" : name.CultureName,
                    ["publickeytoken"] = Convert.ToHexStringLower(name.GetPublicKeyToken() ?? []),
                    ["isolationmode"] = int.TryParse(CustomizationsReader.Text(assembly, "IsolationMode"), out var isolation) ? isolation : 2,
                });
                foreach (var type in assembly.Element("PluginTypes")?.Elements("PluginType") ?? [])
                {
                    var typeId = Guid.Parse((string?)type.Attribute("PluginTypeId") ?? throw Fail("PluginType has no PluginTypeId."));
                    typeAssemblies[typeId] = id;
                    Upsert(context, "plugintype", typeId, new()
                    {
                        ["typename"] = ((string?)type.Attribute("AssemblyQualifiedName") ?? string.Empty).Split(',')[0].Trim(),
                        ["name"] = (string?)type.Attribute("Name"), ["assemblyname"] = name.Name,
                        ["pluginassemblyid"] = new StoredReference("pluginassembly", id),
                    });
                }
            }

            return typeAssemblies;
        }

        private PluginStep Step(OperationContext context, XElement step, Dictionary<string, string> messages, Dictionary<Guid, Guid> typeAssemblies)
        {
            var id = Guid.Parse((string?)step.Attribute("SdkMessageProcessingStepId") ?? throw Fail("SdkMessageProcessingStep has no id."));
            var messageId = Guid.Parse(CustomizationsReader.Text(step, "SdkMessageId") ?? throw Fail("Step has no SdkMessageId."));
            var message = messages.GetValueOrDefault(messageId.ToString()) ?? throw Fail($"Step message {messageId} is not the platform's Create, Update, Delete or Merge.");
            var entity = (CustomizationsReader.Text(step, "PrimaryEntity") ?? string.Empty).ToLowerInvariant();
            var typeId = Guid.Parse(CustomizationsReader.Text(step, "PluginTypeId") ?? throw Fail("Step has no PluginTypeId."));
            int Number(string name, int fallback) => int.TryParse(CustomizationsReader.Text(step, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : fallback;
            var images = (step.Element("SdkMessageProcessingStepImages")?.Elements("SdkMessageProcessingStepImage") ?? []).Select(i => new PluginStepImage(
                CustomizationsReader.Text(i, "EntityAlias") ?? (string?)i.Attribute("Name") ?? "Image",
                int.TryParse(CustomizationsReader.Text(i, "ImageType"), out var imageType) ? imageType : 0,
                (CustomizationsReader.Text(i, "Attributes") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))).ToList();
            var registration = new PluginStep(id, (string?)step.Attribute("Name") ?? id.ToString(), message, entity, Number("Stage", 40), Number("Mode", 0), Number("Rank", 1),
                CustomizationsReader.Text(step, "PluginTypeName") ?? string.Empty,
                typeAssemblies.TryGetValue(typeId, out var assemblyId) ? assemblyId : throw Fail($"Step '{id}' refers to an unknown plug-in type {typeId}."));

            var filterId = StableId.For("sdkmessagefilter", message, entity);
            Upsert(context, "sdkmessagefilter", filterId, new() { ["primaryobjecttypecode"] = entity, ["sdkmessageid"] = new StoredReference("sdkmessage", messageId) });
            Upsert(context, "sdkmessageprocessingstep", id, new()
            {
                ["name"] = registration.Name, ["configuration"] = CustomizationsReader.Text(step, "Configuration"),
                ["filteringattributes"] = CustomizationsReader.Text(step, "FilteringAttributes"), ["description"] = CustomizationsReader.Text(step, "Description"),
                ["stage"] = registration.Stage, ["mode"] = registration.Mode, ["rank"] = registration.Rank, ["supporteddeployment"] = Number("SupportedDeployment", 0),
                ["asyncautodelete"] = CustomizationsReader.Text(step, "AsyncAutoDelete") == "1", ["statecode"] = 0, ["statuscode"] = 1,
                ["sdkmessageid"] = new StoredReference("sdkmessage", messageId), ["sdkmessagefilterid"] = new StoredReference("sdkmessagefilter", filterId),
                ["plugintypeid"] = new StoredReference("plugintype", typeId),
            });
            foreach (var image in images)
            {
                Upsert(context, "sdkmessageprocessingstepimage", StableId.For("image", id.ToString(), image.Alias), new()
                {
                    ["name"] = image.Alias, ["entityalias"] = image.Alias, ["imagetype"] = image.ImageType, ["attributes"] = string.Join(',', image.Attributes),
                    ["messagepropertyname"] = "Target", ["sdkmessageprocessingstepid"] = new StoredReference("sdkmessageprocessingstep", id),
                });
            }

            return registration;
        }

        private void Upsert(OperationContext context, string tableName, Guid id, Dictionary<string, object?> values)
        {
            var table = state.Schema.GetTable(tableName);
            var columns = values.ToDictionary(kv => table.Find(kv.Key)!, kv => ValueConverter.FromClr(table.Find(kv.Key)!, kv.Value));
            if (state.Store.Table(table).Find(id) is null)
            {
                columns[table.PrimaryId] = id;
                state.Engine.Create(context, table, columns);
            }
            else
            {
                state.Engine.Update(context, table, id, columns);
            }
        }
    }
}

/// <summary>What an import installed.</summary>
/// <param name="UniqueName">The solution's unique name.</param>
/// <param name="Version">Its version.</param>
/// <param name="IsManaged">Whether it is managed.</param>
public sealed record ImportedSolution(string UniqueName, string Version, bool IsManaged);
