using System.Net;
using CrmSync.DataverseEmulator.Security;
using CrmSync.DataverseEmulator.Tests.Support;

namespace CrmSync.DataverseEmulator.Tests;

/// <summary>
/// Attribute metadata (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-metadata-web-api),
/// column security (https://learn.microsoft.com/power-apps/developer/data-platform/column-level-security) and
/// RetrievePrincipalAttributePrivileges (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/retrieveprincipalattributeprivileges).
/// </summary>
public sealed class MetadataAndSecurityTests
{
    [Fact]
    public async Task Attributes_OfLead_ReportTypeFlagsAndMaxLength()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.SyncToken);

        var all = await client.GetJsonAsync("EntityDefinitions(LogicalName='lead')/Attributes?$select=LogicalName,AttributeType,IsSecured,IsValidForCreate,IsValidForUpdate,IsValidForRead");
        var strings = await client.GetJsonAsync("EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.StringAttributeMetadata?$select=LogicalName,MaxLength");

        var firstname = all.GetProperty("value").EnumerateArray().Single(a => a.GetProperty("LogicalName").GetString() == "firstname");
        Assert.Equal("String", firstname.GetProperty("AttributeType").GetString());
        Assert.False(firstname.GetProperty("IsSecured").GetBoolean());
        Assert.True(firstname.GetProperty("IsValidForUpdate").GetBoolean());
        Assert.True(Guid.TryParse(firstname.GetProperty("MetadataId").GetString(), out _));
        var createdon = all.GetProperty("value").EnumerateArray().Single(a => a.GetProperty("LogicalName").GetString() == "createdon");
        Assert.False(createdon.GetProperty("IsValidForCreate").GetBoolean());
        var email = strings.GetProperty("value").EnumerateArray().Single(a => a.GetProperty("LogicalName").GetString() == "emailaddress1");
        Assert.Equal(100, email.GetProperty("MaxLength").GetInt32());
        Assert.Equal("#Microsoft.Dynamics.CRM.StringAttributeMetadata", email.GetProperty("@odata.type").GetString());
    }

    [Fact]
    public async Task EntityDefinition_ByLogicalName_ReturnsEntitySetAndPrimaryId()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.SyncToken);

        var entity = await client.GetJsonAsync("EntityDefinitions(LogicalName='contact')?$select=LogicalName,EntitySetName,PrimaryIdAttribute");

        Assert.Equal("contacts", entity.GetProperty("EntitySetName").GetString());
        Assert.Equal("contactid", entity.GetProperty("PrimaryIdAttribute").GetString());
    }

    [Fact]
    public async Task SecuredColumn_WithoutGrant_ReadsNullAndUpdateIs403()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.SyncToken);
        var id = emulator.Admin.CreateRecord("contact", new Dictionary<string, object?> { ["lastname"] = "S", ["mobilephone"] = "555-0100" });
        emulator.Admin.SecureColumn("contact", "mobilephone");

        var read = await client.GetJsonAsync($"contacts({id})?$select=mobilephone,lastname");
        using var update = await client.SendAsync(HttpMethod.Patch, $"contacts({id})", new { mobilephone = "555-0199" });
        var metadata = await client.GetJsonAsync("EntityDefinitions(LogicalName='contact')/Attributes(LogicalName='mobilephone')?$select=IsSecured");

        Assert.Equal(System.Text.Json.JsonValueKind.Null, read.GetProperty("mobilephone").ValueKind);
        Assert.Equal("S", read.GetProperty("lastname").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, update.StatusCode);
        Assert.Equal("0x8004F507", (await EmulatorClient.ErrorAsync(update)).Code);
        Assert.True(metadata.GetProperty("IsSecured").GetBoolean());
        Assert.Equal("555-0100", emulator.Admin.GetRecord("contact", id)!["mobilephone"]);
    }

    [Fact]
    public async Task SecuredColumn_WithGrant_ReadsAndUpdatesAndPrivilegesReportIt()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.SyncToken);
        var syncUser = emulator.Admin.SyncUser.Id;
        var id = emulator.Admin.CreateRecord("contact", new Dictionary<string, object?> { ["lastname"] = "S", ["mobilephone"] = "555-0100" });
        emulator.Admin.SecureColumn("contact", "mobilephone");
        emulator.Admin.GrantColumnAccess(syncUser, "contact", "mobilephone", new ColumnGrant(CanRead: true, CanUpdate: true, CanCreate: false));

        var read = await client.GetJsonAsync($"contacts({id})?$select=mobilephone");
        using var update = await client.SendAsync(HttpMethod.Patch, $"contacts({id})", new { mobilephone = "555-0199" });
        using var create = await client.SendAsync(HttpMethod.Post, "contacts", new { lastname = "New", mobilephone = "1" });
        var privileges = await client.GetJsonAsync($"systemusers({syncUser})/Microsoft.Dynamics.CRM.RetrievePrincipalAttributePrivileges()");
        var attribute = await client.GetJsonAsync("EntityDefinitions(LogicalName='contact')/Attributes(LogicalName='mobilephone')?$select=MetadataId");

        Assert.Equal("555-0100", read.GetProperty("mobilephone").GetString());
        Assert.Equal(HttpStatusCode.NoContent, update.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal("0x8004F502", (await EmulatorClient.ErrorAsync(create)).Code);
        var privilege = Assert.Single(privileges.GetProperty("AttributePrivileges").EnumerateArray());
        Assert.Equal(attribute.GetProperty("MetadataId").GetString(), privilege.GetProperty("AttributeId").GetString());
        Assert.Equal(4, privilege.GetProperty("CanRead").GetInt32());
        Assert.Equal(4, privilege.GetProperty("CanUpdate").GetInt32());
        Assert.Equal(0, privilege.GetProperty("CanCreate").GetInt32());
    }

    [Fact]
    public async Task SystemTable_CreateThroughApi_Returns403PrivilegeDenied()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.SyncToken);

        using var response = await client.SendAsync(HttpMethod.Post, "systemusers", new { firstname = "Intruder" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("0x80040220", (await EmulatorClient.ErrorAsync(response)).Code);
    }

    [Fact]
    public async Task Metadata_Document_IsCsdlWithEntitySets()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.SyncToken);

        using var response = await client.SendAsync(HttpMethod.Get, "$metadata");
        var csdl = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<EntitySet Name=\"contacts\"", csdl, StringComparison.Ordinal);
        Assert.Contains("Name=\"_originatingleadid_value\"", csdl, StringComparison.Ordinal);
    }
}
