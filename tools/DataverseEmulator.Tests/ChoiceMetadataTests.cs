using System.Net;
using System.Text.Json;
using CrmSync.DataverseEmulator.Tests.Support;

namespace CrmSync.DataverseEmulator.Tests;

/// <summary>
/// Choice metadata in the documented shapes (PicklistAttributeMetadata / StatusAttributeMetadata with
/// <c>$expand=OptionSet,GlobalOptionSet</c>, BooleanAttributeMetadata, DateTimeAttributeMetadata) and a choice value
/// outside the options refused as Dataverse refuses it.
/// </summary>
public sealed class ChoiceMetadataTests
{
    [Fact]
    public async Task PicklistAttributes_ExpandOptionSet_GiveValuesAndLocalizedLabels()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.SyncToken);

        var page = await client.GetJsonAsync(
            "EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$select=LogicalName&$expand=OptionSet,GlobalOptionSet");

        var source = page.GetProperty("value").EnumerateArray().Single(a => a.GetProperty("LogicalName").GetString() == "leadsourcecode");
        Assert.Equal("#Microsoft.Dynamics.CRM.PicklistAttributeMetadata", source.GetProperty("@odata.type").GetString());
        Assert.Equal(JsonValueKind.Null, source.GetProperty("GlobalOptionSet").ValueKind);
        var web = source.GetProperty("OptionSet").GetProperty("Options").EnumerateArray().Single(o => o.GetProperty("Value").GetInt32() == 8);
        var label = Assert.Single(web.GetProperty("Label").GetProperty("LocalizedLabels").EnumerateArray());
        Assert.Equal(("Web", 1033), (label.GetProperty("Label").GetString(), label.GetProperty("LanguageCode").GetInt32()));
        Assert.DoesNotContain(page.GetProperty("value").EnumerateArray(), a => a.GetProperty("LogicalName").GetString() == "statuscode");
    }

    [Fact]
    public async Task StatusAttribute_WithoutExpand_HasNoOptionSetAndWithExpandHasStatusReasons()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.SyncToken);

        var plain = await client.GetJsonAsync("EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.StatusAttributeMetadata?$select=LogicalName");
        var expanded = await client.GetJsonAsync("EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.StatusAttributeMetadata?$select=LogicalName&$expand=OptionSet");

        Assert.False(Assert.Single(plain.GetProperty("value").EnumerateArray()).TryGetProperty("OptionSet", out _));
        var options = Assert.Single(expanded.GetProperty("value").EnumerateArray()).GetProperty("OptionSet").GetProperty("Options").EnumerateArray()
            .Select(o => (o.GetProperty("Value").GetInt32(), o.GetProperty("Label").GetProperty("LocalizedLabels")[0].GetProperty("Label").GetString())).ToList();
        Assert.Equal([(1, "New"), (2, "Contacted"), (3, "Qualified"), (4, "Lost"), (5, "Cannot Contact"), (6, "No Longer Interested"), (7, "Canceled")], options);
    }

    [Fact]
    public async Task DateTimeAndBooleanAttributes_ReportBehaviourAndOptions()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.SyncToken);

        var dates = await client.GetJsonAsync("EntityDefinitions(LogicalName='contact')/Attributes/Microsoft.Dynamics.CRM.DateTimeAttributeMetadata?$select=LogicalName,DateTimeBehavior");
        var booleans = await client.GetJsonAsync("EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.BooleanAttributeMetadata?$select=LogicalName&$expand=OptionSet");

        string Behaviour(string name) => dates.GetProperty("value").EnumerateArray().Single(a => a.GetProperty("LogicalName").GetString() == name)
            .GetProperty("DateTimeBehavior").GetProperty("Value").GetString()!;
        Assert.Equal(("DateOnly", "UserLocal"), (Behaviour("birthdate"), Behaviour("createdon")));
        var bulk = booleans.GetProperty("value").EnumerateArray().Single(a => a.GetProperty("LogicalName").GetString() == "donotbulkemail").GetProperty("OptionSet");
        Assert.Equal(1, bulk.GetProperty("TrueOption").GetProperty("Value").GetInt32());
        Assert.Equal("Do Not Allow", bulk.GetProperty("TrueOption").GetProperty("Label").GetProperty("LocalizedLabels")[0].GetProperty("Label").GetString());
    }

    [Fact]
    public async Task Update_ChoiceValueOutsideOptions_Is400OutsideValidRange()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.SyncToken);
        var id = emulator.Admin.CreateRecord("lead", new Dictionary<string, object?> { ["lastname"] = "L", ["leadsourcecode"] = 8 });

        using var update = await client.SendAsync(HttpMethod.Patch, $"leads({id})", new { leadsourcecode = 99 });

        Assert.Equal(HttpStatusCode.BadRequest, update.StatusCode);
        var error = await EmulatorClient.ErrorAsync(update);
        Assert.Equal("0x8004431a", error.Code);
        Assert.StartsWith("A validation error occurred. The value 99 of 'leadsourcecode' on record of type 'lead' is outside the valid range.", error.Message, StringComparison.Ordinal);
        Assert.Equal(8, emulator.Admin.GetRecord("lead", id)!["leadsourcecode"]);
    }
}
