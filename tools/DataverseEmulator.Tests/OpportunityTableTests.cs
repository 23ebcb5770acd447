using System.Net;
using System.Text.Json;
using CrmSync.DataverseEmulator.Tests.Support;
using CrmSync.Demo;
using Microsoft.Extensions.Time.Testing;

namespace CrmSync.DataverseEmulator.Tests;

/// <summary>
/// The opportunity table as the Dynamics 365 Sales table reference documents it
/// (https://learn.microsoft.com/dynamics365/sales/developer/entities/opportunity): its column types and choices, the
/// Customer lookup to account or contact, and the packed solution's steps staging its Create, Update and Delete.
/// </summary>
public sealed class OpportunityTableTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Metadata_Opportunity_HasTheDocumentedTypesAndChoices()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.SyncToken);

        var attributes = await client.GetJsonAsync("EntityDefinitions(LogicalName='opportunity')/Attributes?$select=LogicalName,AttributeType");
        var dates = await client.GetJsonAsync("EntityDefinitions(LogicalName='opportunity')/Attributes/Microsoft.Dynamics.CRM.DateTimeAttributeMetadata?$select=LogicalName,DateTimeBehavior");
        var states = await client.GetJsonAsync("EntityDefinitions(LogicalName='opportunity')/Attributes/Microsoft.Dynamics.CRM.StateAttributeMetadata?$select=LogicalName&$expand=OptionSet");
        var stages = await client.GetJsonAsync("EntityDefinitions(LogicalName='opportunity')/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$select=LogicalName&$expand=OptionSet");

        string TypeOf(string name) => attributes.GetProperty("value").EnumerateArray()
            .Single(a => a.GetProperty("LogicalName").GetString() == name).GetProperty("AttributeType").GetString()!;
        Assert.Equal(
            ["String", "Money", "DateTime", "String", "Picklist", "Customer", "Lookup", "Lookup", "State", "Status", "Uniqueidentifier"],
            new[] { "name", "estimatedvalue", "estimatedclosedate", "stepname", "salesstage", "customerid", "parentcontactid", "parentaccountid", "statecode", "statuscode", "opportunityid" }.Select(TypeOf));
        Assert.Equal("DateOnly", dates.GetProperty("value").EnumerateArray().Single(a => a.GetProperty("LogicalName").GetString() == "estimatedclosedate")
            .GetProperty("DateTimeBehavior").GetProperty("Value").GetString());
        Assert.Equal(["0 Open", "1 Won", "2 Lost"], Options(Assert.Single(states.GetProperty("value").EnumerateArray())));
        Assert.Equal(["0 Qualify", "1 Develop", "2 Propose", "3 Close"],
            Options(stages.GetProperty("value").EnumerateArray().Single(a => a.GetProperty("LogicalName").GetString() == "salesstage")));
    }

    [Fact]
    public async Task CreateUpdateDelete_AsMaker_StagesEachWithTheCustomerContact()
    {
        await using var session = await EmulatorSession.StartAsync(new FakeTimeProvider(Start), PackedSolution.Find(), true);
        var (emulator, maker, _) = session;
        var contact = await maker.CreateAsync("contacts", new { lastname = "Lovelace", emailaddress1 = "ada@example.com" });

        var id = await maker.CreateAsync("opportunities", new Dictionary<string, object?>
        {
            ["name"] = "Contoso renewal", ["estimatedvalue"] = 25000m, ["estimatedclosedate"] = "2025-06-30", ["salesstage"] = 1,
            ["customerid_contact@odata.bind"] = $"contacts({contact})",
        });
        using var won = await maker.SendAsync(HttpMethod.Patch, $"opportunities({id})", new { statecode = 1, statuscode = 3 });
        using var delete = await maker.SendAsync(HttpMethod.Delete, $"opportunities({id})", null);

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (won.StatusCode, delete.StatusCode));
        var rows = emulator.Admin.GetRecords("crmsync_syncevent").Where(r => (string)r["crmsync_entity"]! == "opportunity").ToList();
        // Rows come back in id order, which is no order: pick each by its message.
        Assert.Equal(["Create", "Delete", "Update"], rows.Select(r => (string)r["crmsync_message"]!).Order());
        var created = JsonDocument.Parse((string)rows.Single(r => (string)r["crmsync_message"]! == "Create")["crmsync_changes"]!).RootElement;
        Assert.Equal("contact", created.GetProperty("customerid").GetProperty("ref").GetProperty("entity").GetString());
        Assert.Equal(contact, created.GetProperty("customerid").GetProperty("ref").GetProperty("id").GetGuid());
        Assert.Equal(25000m, created.GetProperty("estimatedvalue").GetProperty("money").GetDecimal());
        Assert.Equal("{\"statecode\":{\"optionset\":1}}", (string)rows.Single(r => (string)r["crmsync_message"]! == "Update")["crmsync_changes"]!);
    }

    private static List<string> Options(JsonElement attribute) =>
        [.. attribute.GetProperty("OptionSet").GetProperty("Options").EnumerateArray()
            .Select(o => $"{o.GetProperty("Value").GetInt32()} {o.GetProperty("Label").GetProperty("LocalizedLabels")[0].GetProperty("Label").GetString()}")];
}
