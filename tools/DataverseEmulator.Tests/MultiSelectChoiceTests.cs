using System.Net;
using System.Text.Json;
using CrmSync.DataverseEmulator.Tests.Support;
using Microsoft.Xrm.Sdk;

namespace CrmSync.DataverseEmulator.Tests;

/// <summary>
/// A multi-select choice column as Microsoft documents it (learn.microsoft.com/power-apps/developer/data-platform/multi-select-picklist):
/// <c>MultiSelectPicklistAttributeMetadata</c> with its <c>OptionSet</c>, the values written and read as one
/// comma-separated string (an <see cref="OptionSetValueCollection"/> through the SDK), and an unknown value refused.
/// </summary>
public sealed class MultiSelectChoiceTests
{
    private static DataverseEmulatorOptions Options()
    {
        var options = EmulatorClient.Options();
        options.ChoiceColumns.Add(new ChoiceColumn("lead", "new_interests", MultiSelect: true, [new(1, "Golf"), new(2, "Sailing"), new(3, "Chess")]));
        return options;
    }

    [Fact]
    public async Task Metadata_MultiSelectCast_GivesVirtualTypeAndItsOptions()
    {
        await using var emulator = await DataverseEmulator.StartAsync(Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.SyncToken);

        var page = await client.GetJsonAsync(
            "EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.MultiSelectPicklistAttributeMetadata?$select=LogicalName,AttributeType,AttributeTypeName&$expand=OptionSet,GlobalOptionSet");

        var column = Assert.Single(page.GetProperty("value").EnumerateArray());
        Assert.Equal("#Microsoft.Dynamics.CRM.MultiSelectPicklistAttributeMetadata", column.GetProperty("@odata.type").GetString());
        Assert.Equal(("new_interests", "Virtual", "MultiSelectPicklistType"), (
            column.GetProperty("LogicalName").GetString(), column.GetProperty("AttributeType").GetString(),
            column.GetProperty("AttributeTypeName").GetProperty("Value").GetString()));
        Assert.Equal(JsonValueKind.Null, column.GetProperty("GlobalOptionSet").ValueKind);
        var options = column.GetProperty("OptionSet").GetProperty("Options").EnumerateArray()
            .Select(o => (o.GetProperty("Value").GetInt32(), o.GetProperty("Label").GetProperty("LocalizedLabels")[0].GetProperty("Label").GetString())).ToList();
        Assert.Equal([(1, "Golf"), (2, "Sailing"), (3, "Chess")], options);
    }

    [Fact]
    public async Task WriteAndRead_ValuesTravelAsOneCommaSeparatedString()
    {
        await using var emulator = await DataverseEmulator.StartAsync(Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.SyncToken);

        var id = await client.CreateAsync("leads", new { lastname = "L", new_interests = "3,1" });
        var read = await client.GetJsonAsync($"leads({id})?$select=new_interests");

        Assert.Equal("3,1", read.GetProperty("new_interests").GetString());
        using var cleared = await client.SendAsync(HttpMethod.Patch, $"leads({id})", new { new_interests = (string?)null });
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await client.GetJsonAsync($"leads({id})?$select=new_interests")).GetProperty("new_interests").ValueKind);
    }

    [Fact]
    public async Task Update_ValueOutsideOptions_Is400OutsideValidRangeAndKeepsTheRecord()
    {
        await using var emulator = await DataverseEmulator.StartAsync(Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.SyncToken);
        var id = emulator.Admin.CreateRecord("lead", new Dictionary<string, object?> { ["lastname"] = "L", ["new_interests"] = "2" });

        using var update = await client.SendAsync(HttpMethod.Patch, $"leads({id})", new { new_interests = "1,9" });
        using var text = await client.SendAsync(HttpMethod.Patch, $"leads({id})", new { new_interests = "Golf" });

        Assert.Equal(HttpStatusCode.BadRequest, update.StatusCode);
        var error = await EmulatorClient.ErrorAsync(update);
        Assert.Equal("0x8004431a", error.Code);
        Assert.StartsWith("A validation error occurred. The value 9 of 'new_interests' on record of type 'lead' is outside the valid range.", error.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, text.StatusCode);
        Assert.Equal("2", emulator.Admin.GetRecord("lead", id)!["new_interests"]);
    }

    [Fact]
    public async Task SdkWrite_OptionSetValueCollection_IsStoredAsTheWebApiString()
    {
        await using var emulator = await DataverseEmulator.StartAsync(Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.SyncToken);
        var id = emulator.Admin.CreateRecord("lead", new Dictionary<string, object?>
        {
            ["lastname"] = "L", ["new_interests"] = new OptionSetValueCollection([new OptionSetValue(2), new OptionSetValue(3)]),
        });

        Assert.Equal("2,3", (await client.GetJsonAsync($"leads({id})?$select=new_interests")).GetProperty("new_interests").GetString());
    }
}
