using System.Text.Json.Nodes;

namespace CrmSync.SyncAgent.Tests.Dataverse;

// Attribute metadata: learn.microsoft.com/power-apps/developer/data-platform/webapi/query-metadata-web-api
// (EntityDefinitions(LogicalName='..')/Attributes, casts to derived types such as StringAttributeMetadata for MaxLength).
// Field security: RetrievePrincipalAttributePrivileges function returning AttributePrivileges
// [{AttributeId, CanCreate, CanRead, CanUpdate}] with FieldPermissionType 4 = Allowed, 0 = NotAllowed.
public class DataverseClientMetadataTests
{
    private static readonly Guid UserId = Guid.Parse("b08b46b6-5fce-4bf8-a2b6-4f1d67c3a9c6");
    private const string EmailId = "e0000000-0000-0000-0000-000000000001";
    private const string SecretId = "e0000000-0000-0000-0000-000000000002";
    private const string SalaryId = "e0000000-0000-0000-0000-000000000003";
    private const string CreatedOnId = "e0000000-0000-0000-0000-000000000004";

    private const string PicklistJson = """
        {"value":[{"LogicalName":"leadsourcecode","OptionSet":{"Options":[
          {"Value":8,"Label":{"LocalizedLabels":[{"Label":"Web","LanguageCode":1033},{"Label":"Internet","LanguageCode":1031}]}},
          {"Value":9,"Label":{"LocalizedLabels":[]}}]},"GlobalOptionSet":null},
         {"LogicalName":"industrycode","OptionSet":{"Options":[{"Value":1,"Label":{"LocalizedLabels":[{"Label":"Local","LanguageCode":1033}]}}]},
          "GlobalOptionSet":{"Options":[{"Value":1,"Label":{"LocalizedLabels":[{"Label":"Accounting","LanguageCode":1033}]}}]}}]}
        """;

    private const string StatusJson = """{"value":[{"LogicalName":"statuscode","OptionSet":{"Options":[{"Value":1,"Label":{"LocalizedLabels":[{"Label":"New","LanguageCode":1033}]}}]}}]}""";

    private const string DateTimeJson = """{"value":[{"LogicalName":"createdon","DateTimeBehavior":{"Value":"UserLocal"}},{"LogicalName":"birthdate","DateTimeBehavior":{"Value":"DateOnly"}}]}""";

    private static FakeDataverseHandler Handler() => new FakeDataverseHandler()
        .EnqueueJson($$"""
            {"@odata.context":"x","value":[
             {"MetadataId":"{{EmailId}}","LogicalName":"emailaddress1","AttributeType":"String","IsSecured":false,"IsValidForCreate":true,"IsValidForUpdate":true,"IsValidForRead":true},
             {"MetadataId":"{{SecretId}}","LogicalName":"crmsync_secret","AttributeType":"String","IsSecured":true,"IsValidForCreate":true,"IsValidForUpdate":true,"IsValidForRead":true},
             {"MetadataId":"{{SalaryId}}","LogicalName":"crmsync_salary","AttributeType":"Money","IsSecured":true,"IsValidForCreate":true,"IsValidForUpdate":true,"IsValidForRead":true},
             {"MetadataId":"{{CreatedOnId}}","LogicalName":"createdon","AttributeType":"DateTime","IsSecured":false,"IsValidForCreate":false,"IsValidForUpdate":false,"IsValidForRead":true}]}
            """)
        .EnqueueJson("""{"value":[{"LogicalName":"emailaddress1","MaxLength":100},{"LogicalName":"crmsync_secret","MaxLength":50}]}""")
        .EnqueueJson("""{"value":[{"LogicalName":"description","MaxLength":2000}]}""")
        .EnqueueJson(PicklistJson)
        .EnqueueJson("""{"value":[]}""")
        .EnqueueJson(StatusJson)
        .EnqueueJson("""{"value":[]}""")
        .EnqueueJson(DateTimeJson)
        .EnqueueJson($$"""
            {"@odata.context":"x#Microsoft.Dynamics.CRM.RetrievePrincipalAttributePrivilegesResponse","AttributePrivileges":[
             {"AttributeId":"{{SecretId}}","CanCreate":4,"CanRead":4,"CanUpdate":4}]}
            """);

    [Fact]
    public async Task GetColumnAccessAsync_SecuredAndPlainColumns_CombinesFlagsAndPrivileges()
    {
        var handler = Handler();
        var sut = DataverseTestHost.CreateSut(handler);

        var access = await sut.GetColumnAccessAsync("lead", UserId, CancellationToken.None);

        Assert.Equal(
            [
                "/api/data/v9.2/EntityDefinitions(LogicalName='lead')/Attributes?$select=MetadataId,LogicalName,AttributeType,IsSecured,IsValidForCreate,IsValidForUpdate,IsValidForRead",
                "/api/data/v9.2/EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.StringAttributeMetadata?$select=LogicalName,MaxLength",
                "/api/data/v9.2/EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.MemoAttributeMetadata?$select=LogicalName,MaxLength",
                "/api/data/v9.2/EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$select=LogicalName&$expand=OptionSet,GlobalOptionSet",
                "/api/data/v9.2/EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.MultiSelectPicklistAttributeMetadata?$select=LogicalName&$expand=OptionSet,GlobalOptionSet",
                "/api/data/v9.2/EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.StatusAttributeMetadata?$select=LogicalName&$expand=OptionSet",
                "/api/data/v9.2/EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.StateAttributeMetadata?$select=LogicalName&$expand=OptionSet",
                "/api/data/v9.2/EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.DateTimeAttributeMetadata?$select=LogicalName,DateTimeBehavior",
                $"/api/data/v9.2/systemusers({UserId:D})/Microsoft.Dynamics.CRM.RetrievePrincipalAttributePrivileges()",
            ],
            handler.Requests.Select(r => r.PathAndQuery));

        Assert.True(access.CanSync("emailaddress1"));
        Assert.Equal(100, access.Find("emailaddress1")!.MaxLength);
        Assert.True(access.Find("crmsync_secret")!.IsSecured);
        Assert.True(access.CanSync("crmsync_secret"));
        Assert.False(access.CanSync("crmsync_salary"));
        Assert.False(access.Find("crmsync_salary")!.CanRead);
        Assert.True(access.Find("createdon")!.CanRead);
        Assert.False(access.CanSync("createdon"));
        Assert.False(access.CanSync("nosuchcolumn"));
        Assert.Null(access.Find("nosuchcolumn"));
        Assert.False(access.Find("createdon")!.DateOnly);
        Assert.Null(access.Find("emailaddress1")!.Options);
    }

    [Fact]
    public async Task GetColumnAccessAsync_ChoiceAndDateColumns_ReadsOptionsPerLanguageAndDateOnly()
    {
        static string Column(string name, string type) =>
            $$"""{"MetadataId":"{{Guid.NewGuid()}}","LogicalName":"{{name}}","AttributeType":"{{type}}","IsSecured":false,"IsValidForCreate":true,"IsValidForUpdate":true,"IsValidForRead":true}""";
        var handler = new FakeDataverseHandler()
            .EnqueueJson($$"""{"value":[{{Column("leadsourcecode", "Picklist")}},{{Column("industrycode", "Picklist")}},{{Column("statuscode", "Status")}},{{Column("birthdate", "DateTime")}}]}""")
            .EnqueueJson("""{"value":[]}""")
            .EnqueueJson("""{"value":[]}""")
            .EnqueueJson(PicklistJson)
            .EnqueueJson("""{"value":[]}""")
            .EnqueueJson(StatusJson)
            .EnqueueJson("""{"value":[]}""")
            .EnqueueJson(DateTimeJson)
            .EnqueueJson("""{"AttributePrivileges":[]}""");
        var sut = DataverseTestHost.CreateSut(handler);

        var access = await sut.GetColumnAccessAsync("lead", UserId, CancellationToken.None);

        var source = access.Find("leadsourcecode")!.Options!;
        Assert.Equal([8, 9], source.Select(o => o.Value));
        Assert.Equal(("Web", "Internet"), (source[0].Labels[1033], source[0].Labels[1031]));
        Assert.Empty(source[1].Labels);
        Assert.Equal("Accounting", Assert.Single(access.Find("industrycode")!.Options!).Labels[1033]);
        Assert.Equal("New", Assert.Single(access.Find("statuscode")!.Options!).Labels[1033]);
        Assert.True(access.Find("birthdate")!.DateOnly);
    }

    // Lookup values are filtered through their _x_value properties
    // (learn.microsoft.com/power-apps/developer/data-platform/webapi/query/filter-rows, "lookup properties").
    [Fact]
    public async Task GetPluginStepsAsync_StepsOfTheAssemblyTypes_WithMessageAndTableNames()
    {
        const string TypeId = "b0000000-0000-0000-0000-000000000001";
        const string Update = "20bebb1b-ea3e-db11-86a7-000a3a5473e8";
        const string Delete = "20bebb1b-ea3e-db11-86a7-000a3a5473e9";
        const string LeadFilter = "c2c5bb1b-ea3e-db11-86a7-000a3a5473e8";
        const string ContactFilter = "c2c5bb1b-ea3e-db11-86a7-000a3a5473e9";
        var handler = new FakeDataverseHandler()
            .EnqueueJson($$"""{"value":[{"plugintypeid":"{{TypeId}}"}]}""")
            .EnqueueJson($$"""
                {"value":[{"sdkmessageprocessingstepid":"f0000000-0000-0000-0000-000000000001","name":"CrmSync: Update of lead","configuration":"{\"syncUserId\":\"x\"}",
                  "filteringattributes":"emailaddress1,telephone1","stage":40,"mode":0,"statecode":0,"_sdkmessageid_value":"{{Update}}","_sdkmessagefilterid_value":"{{LeadFilter}}"},
                 {"sdkmessageprocessingstepid":"f0000000-0000-0000-0000-000000000002","name":"CrmSync: Delete of contact","configuration":null,
                  "filteringattributes":null,"stage":40,"mode":0,"statecode":1,"_sdkmessageid_value":"{{Delete}}","_sdkmessagefilterid_value":"{{ContactFilter}}"}]}
                """)
            .EnqueueJson($$"""{"value":[{"sdkmessageid":"{{Update}}","name":"Update"},{"sdkmessageid":"{{Delete}}","name":"Delete"}]}""")
            .EnqueueJson($$"""{"value":[{"sdkmessagefilterid":"{{LeadFilter}}","primaryobjecttypecode":"lead"},{"sdkmessagefilterid":"{{ContactFilter}}","primaryobjecttypecode":"contact"}]}""");
        var sut = DataverseTestHost.CreateSut(handler, o => o.PluginAssemblyName = "CrmSync.Plugins");

        var steps = await sut.GetPluginStepsAsync(CancellationToken.None);

        Assert.Equal(
            [
                "/api/data/v9.2/plugintypes?$select=plugintypeid&$filter=assemblyname eq 'CrmSync.Plugins'",
                "/api/data/v9.2/sdkmessageprocessingsteps?$select=sdkmessageprocessingstepid,name,configuration,filteringattributes,stage,mode,statecode,_sdkmessageid_value,_sdkmessagefilterid_value"
                    + $"&$filter=_plugintypeid_value eq {TypeId}",
                $"/api/data/v9.2/sdkmessages?$select=sdkmessageid,name&$filter=sdkmessageid eq {Update} or sdkmessageid eq {Delete}",
                $"/api/data/v9.2/sdkmessagefilters?$select=sdkmessagefilterid,primaryobjecttypecode&$filter=sdkmessagefilterid eq {LeadFilter} or sdkmessagefilterid eq {ContactFilter}",
            ],
            handler.Requests.Select(r => r.PathAndQuery));
        Assert.Equal(2, steps.Count);
        Assert.Equal(("Update", "lead", "emailaddress1,telephone1", true), (steps[0].Message, steps[0].Entity, steps[0].FilteringAttributes, steps[0].Enabled));
        Assert.Equal("""{"syncUserId":"x"}""", steps[0].Configuration);
        Assert.Equal(("Delete", "contact", false), (steps[1].Message, steps[1].Entity, steps[1].Enabled));
    }

    [Fact]
    public async Task GetPluginStepsAsync_AssemblyNotRegistered_EmptyAfterOneRequest()
    {
        var handler = new FakeDataverseHandler().EnqueueJson("""{"value":[]}""");
        var sut = DataverseTestHost.CreateSut(handler);

        Assert.Empty(await sut.GetPluginStepsAsync(CancellationToken.None));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task UpdatePluginStepAsync_PatchesConfigurationAndFilteringAttributesWithIfMatch()
    {
        var handler = new FakeDataverseHandler().Enqueue(_ => new HttpResponseMessage(System.Net.HttpStatusCode.NoContent));
        var sut = DataverseTestHost.CreateSut(handler);
        var stepId = Guid.Parse("f0000000-0000-0000-0000-000000000001");

        await sut.UpdatePluginStepAsync(stepId, """{"syncUserId":"u","attributes":["emailaddress1"]}""", ["emailaddress1", "telephone1"], CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Patch, request.Method);
        Assert.Equal($"{DataverseTestHost.ServiceRoot}sdkmessageprocessingsteps({stepId:D})", request.Uri.AbsoluteUri);
        Assert.Equal("*", request.Header("If-Match"));
        var body = JsonNode.Parse(request.BodyText)!;
        Assert.Equal("""{"syncUserId":"u","attributes":["emailaddress1"]}""", body["configuration"]!.GetValue<string>());
        Assert.Equal("emailaddress1,telephone1", body["filteringattributes"]!.GetValue<string>());
    }
}
