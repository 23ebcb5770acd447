using System.Text.Json;
using System.Xml.Linq;
using CrmSync.Staging;

namespace CrmSync.Plugins.Tests.Solution;

/// <summary>
/// The fifteen plug-in steps in the packed customizations.xml (DESIGN §2, B16, B17): message × table (lead, contact, account,
/// opportunity), stage,
/// mode, filtering attributes, PreImage and configuration. Step fields as documented for the
/// sdkmessageprocessingstep table (learn.microsoft.com/power-apps/developer/data-platform/reference/entities/sdkmessageprocessingstep).
/// </summary>
public sealed class SolutionStepTests : IClassFixture<PackedSolution>
{
    private static readonly string[] LeadMapping =
    [
        "emailaddress1", "firstname", "lastname", "telephone1", "mobilephone", "jobtitle", "companyname",
        "address1_city", "address1_stateorprovince", "address1_postalcode", "address1_country",
        "salutation", "middlename", "fax", "websiteurl", "address1_line1", "industrycode", "revenue", "numberofemployees",
        "leadsourcecode", "donotbulkemail", "donotphone", "statuscode",
    ];

    private static readonly string[] ContactMapping =
    [
        "emailaddress1", "firstname", "lastname", "telephone1", "mobilephone", "jobtitle",
        "address1_city", "address1_stateorprovince", "address1_postalcode", "address1_country",
        "salutation", "middlename", "fax", "websiteurl", "address1_line1", "donotbulkemail", "donotphone", "statuscode",
    ];

    // Platform ids of the messages (the same in every organization), as Microsoft Learn lists them ("Use messages with
    // the SDK for .NET", Table support for messages: the account table's sdkmessagefilters).
    private static readonly Dictionary<string, Guid> MessageIds = new(StringComparer.Ordinal)
    {
        [SyncMessages.Create] = Guid.Parse("9ebdbb1b-ea3e-db11-86a7-000a3a5473e8"),
        [SyncMessages.Update] = Guid.Parse("20bebb1b-ea3e-db11-86a7-000a3a5473e8"),
        [SyncMessages.Delete] = Guid.Parse("a1bdbb1b-ea3e-db11-86a7-000a3a5473e8"),
        [SyncMessages.Merge] = Guid.Parse("dbbdbb1b-ea3e-db11-86a7-000a3a5473e8"),
    };

    [Fact]
    public void MergeMessageId_IsThePlatformsDocumentedId()
    {
        Assert.Equal(MessageIds[SyncMessages.Merge], Guid.Parse(PluginStep.MergeMessageId));
    }

    private readonly PackedSolution _solution;

    public SolutionStepTests(PackedSolution solution) => _solution = solution;

    private static readonly string[] AccountMapping =
        ["name", "websiteurl", "industrycode", "numberofemployees", "revenue", "address1_line1", "address1_city", "address1_country"];

    private static readonly string[] OpportunityMapping =
        ["name", "estimatedvalue", "estimatedclosedate", "salesstage", "statecode", "customerid", "parentcontactid"];

    [Fact]
    public void Steps_ForLeadContactAccountAndOpportunity_AreFifteenSynchronousPostOperationSteps()
    {
        var steps = _solution.Steps.ToList();
        var expected = (from entity in new[] { SyncedEntities.Contact, SyncedEntities.Lead, SyncedEntities.Account }
                        from message in new[] { SyncMessages.Create, SyncMessages.Delete, SyncMessages.Update, SyncMessages.Merge }
                        select $"{message} {entity}")
                       .Concat(from message in new[] { SyncMessages.Create, SyncMessages.Delete, SyncMessages.Update }
                               select $"{message} {SyncedEntities.Opportunity}");

        Assert.Equal(expected.Order(), steps.Select(step => $"{Message(step)} {step.Element("PrimaryEntity")!.Value}").Order());
        Assert.All(steps, step =>
        {
            Assert.Equal("40", step.Element("Stage")!.Value);
            Assert.Equal("0", step.Element("Mode")!.Value);
            Assert.Equal("1", step.Element("Rank")!.Value);
            Assert.Equal("4602", step.Element("EventHandlerTypeCode")!.Value);
        });
    }

    [Fact]
    public void Steps_PluginTypeName_IsAPublicClassOfThePackedDll()
    {
        var dll = PluginDllMetadata.Read(_solution.PluginDll);

        Assert.All(_solution.Steps, step =>
        {
            var typeName = step.Element("PluginTypeName")!.Value.Split(',')[0];
            Assert.Equal("CrmSync.Plugins.SyncEventPlugin", typeName);
            Assert.Contains(typeName, dll.PublicClasses);
            Assert.EndsWith(", " + dll.Name.FullName, step.Element("PluginTypeName")!.Value, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Steps_Configuration_IsTheDefaultMappingWithAnEmptySyncUser()
    {
        Assert.All(_solution.Steps, step =>
        {
            using var json = JsonDocument.Parse(step.Element("Configuration")!.Value);
            Assert.Equal(Guid.Empty, json.RootElement.GetProperty("syncUserId").GetGuid());
            Assert.Equal(LeadMapping, Strings(json.RootElement.GetProperty("attributes").GetProperty(SyncedEntities.Lead)));
            Assert.Equal(ContactMapping, Strings(json.RootElement.GetProperty("attributes").GetProperty(SyncedEntities.Contact)));
            Assert.Equal(AccountMapping, Strings(json.RootElement.GetProperty("attributes").GetProperty(SyncedEntities.Account)));
            if (Entity(step) == SyncedEntities.Opportunity)
            {
                Assert.Equal(OpportunityMapping, Strings(json.RootElement.GetProperty("attributes").GetProperty(SyncedEntities.Opportunity)));
            }
        });
    }

    [Fact]
    public void Steps_FilteringAttributes_AreTheStepsMappedAttributesPlusTheSyncFilter()
    {
        Assert.All(_solution.Steps, step =>
        {
            var mapped = MappedAttributes(step);
            var filtering = List(step.Element("FilteringAttributes")?.Value);
            Assert.All(filtering, attribute => Assert.True(
                mapped.Contains(attribute) || attribute == SyncFilter.AttributeName || IsContactRelink(step, attribute),
                $"{step.Attribute("Name")}: filtering attribute {attribute} is not mapped"));

            // Update is the only message Dataverse filters; it must fire for every mapped column, a No->Yes flip and,
            // on contact, a change of originating lead (a relink), exactly as `crmsync fields --apply` writes it.
            if (Message(step) == SyncMessages.Update)
            {
                // An account or opportunity has no sync filter column: it always syncs.
                var expected = IsOneWay(step) ? mapped : mapped.Append(SyncFilter.AttributeName);
                if (Entity(step) == SyncedEntities.Contact)
                {
                    expected = expected.Append(SyncedEntities.OriginatingLeadAttribute);
                }

                Assert.Equal(expected.Order(), filtering.Order());
            }
        });
    }

    [Fact]
    public void Steps_UpdateAndDelete_HaveAPreImageWithMappedAttributesAndTheSyncFilter()
    {
        Assert.All(_solution.Steps, step =>
        {
            var images = step.Element("SdkMessageProcessingStepImages")!.Elements("SdkMessageProcessingStepImage").ToList();
            if (Message(step) is SyncMessages.Create or SyncMessages.Merge)
            {
                Assert.Empty(images);
                return;
            }

            var image = Assert.Single(images);
            Assert.Equal("PreImage", (string?)image.Attribute("Name"));
            Assert.Equal("PreImage", image.Element("EntityAlias")!.Value);
            Assert.Equal("0", image.Element("ImageType")!.Value);
            Assert.Equal("Target", image.Element("MessagePropertyName")!.Value);
            var expected = IsOneWay(step) ? MappedAttributes(step) : MappedAttributes(step).Append(SyncFilter.AttributeName).ToList();
            if (step.Element("PrimaryEntity")!.Value == SyncedEntities.Contact)
            {
                expected.Add(SyncedEntities.OriginatingLeadAttribute);
            }

            Assert.Equal(expected.Order(), List(image.Element("Attributes")!.Value).Order());
        });
    }

    private static string Entity(XElement step) => step.Element("PrimaryEntity")!.Value;

    private static bool IsOneWay(XElement step) => Entity(step) is SyncedEntities.Account or SyncedEntities.Opportunity;

    private static bool IsContactRelink(XElement step, string attribute) =>
        Entity(step) == SyncedEntities.Contact && attribute == SyncedEntities.OriginatingLeadAttribute;

    private static string Message(XElement step)
    {
        var id = Guid.Parse(step.Element("SdkMessageId")!.Value);
        return MessageIds.Single(pair => pair.Value == id).Key;
    }

    private static List<string> MappedAttributes(XElement step)
    {
        using var json = JsonDocument.Parse(step.Element("Configuration")!.Value);
        return Strings(json.RootElement.GetProperty("attributes").GetProperty(step.Element("PrimaryEntity")!.Value));
    }

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(item => item.GetString()!).ToList();

    private static List<string> List(string? commaSeparated) =>
        string.IsNullOrEmpty(commaSeparated) ? [] : commaSeparated.Split(',').Select(item => item.Trim()).ToList();
}
