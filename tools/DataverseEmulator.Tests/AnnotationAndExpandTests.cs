using System.Net;
using System.Text.Json;
using CrmSync.DataverseEmulator.Tests.Support;

namespace CrmSync.DataverseEmulator.Tests;

/// <summary>
/// What a read gives beyond raw values, as learn.microsoft.com/power-apps/developer/data-platform/webapi/query/select-columns
/// and …/query/join-tables document it: a date-only column read as its date, formatted values and lookup logical names
/// under <c>Prefer: odata.include-annotations</c>, and single-valued navigation properties in <c>$expand</c>.
/// </summary>
public sealed class AnnotationAndExpandTests
{
    private const string Annotations = "odata.include-annotations=\"*\"";
    private const string FormattedValue = "@OData.Community.Display.V1.FormattedValue";

    [Fact]
    public async Task Read_DateOnlyColumn_IsTheDateWithoutTime()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.SyncToken);
        var id = await client.CreateAsync("contacts", new { lastname = "Hopper", birthdate = "1906-12-09" });

        var read = await client.GetJsonAsync($"contacts({id})?$select=birthdate,createdon");

        Assert.Equal("1906-12-09", read.GetProperty("birthdate").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", read.GetProperty("createdon").GetString());
    }

    [Fact]
    public async Task Read_WithFormattedValues_GivesLabelsNumbersMoneyDatesAndLookupNames()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.SyncToken);
        var account = await client.CreateAsync("accounts", new { name = "Contoso" });
        var lead = await client.CreateAsync("leads", new Dictionary<string, object?>
        {
            ["lastname"] = "Lovelace", ["leadsourcecode"] = 8, ["revenue"] = 12345.5m, ["numberofemployees"] = 1200,
            ["donotbulkemail"] = true, ["parentaccountid@odata.bind"] = $"accounts({account})",
        });
        var contact = await client.CreateAsync("contacts", new { lastname = "Hopper", birthdate = "1906-12-09" });

        var read = await client.GetJsonAsync(
            $"leads({lead})?$select=leadsourcecode,revenue,numberofemployees,donotbulkemail,_parentaccountid_value,statuscode", ("Prefer", Annotations));
        var plain = await client.GetJsonAsync($"leads({lead})?$select=leadsourcecode");
        var date = await client.GetJsonAsync($"contacts({contact})?$select=birthdate", ("Prefer", $"odata.include-annotations=\"OData.Community.Display.V1.FormattedValue\""));

        Assert.Equal(("Web", 8), (read.GetProperty("leadsourcecode" + FormattedValue).GetString(), read.GetProperty("leadsourcecode").GetInt32()));
        Assert.Equal("$12,345.50", read.GetProperty("revenue" + FormattedValue).GetString());
        Assert.Equal("1,200", read.GetProperty("numberofemployees" + FormattedValue).GetString());
        Assert.Equal("Do Not Allow", read.GetProperty("donotbulkemail" + FormattedValue).GetString());
        Assert.Equal("New", read.GetProperty("statuscode" + FormattedValue).GetString());
        Assert.Equal("Contoso", read.GetProperty("_parentaccountid_value" + FormattedValue).GetString());
        Assert.Equal("account", read.GetProperty("_parentaccountid_value@Microsoft.Dynamics.CRM.lookuplogicalname").GetString());
        Assert.False(plain.TryGetProperty("leadsourcecode" + FormattedValue, out _));
        Assert.Equal("12/9/1906", date.GetProperty("birthdate" + FormattedValue).GetString());
        Assert.False(date.TryGetProperty("_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname", out _));
    }

    [Fact]
    public async Task Read_ExpandSingleValuedNavigation_GivesTheRelatedRecordsSelectedColumns()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.SyncToken);
        var account = await client.CreateAsync("accounts", new { name = "Contoso" });
        var withAccount = await client.CreateAsync("contacts", new Dictionary<string, object?>
        {
            ["lastname"] = "Hopper", ["parentcustomerid_account@odata.bind"] = $"accounts({account})",
        });
        var without = await client.CreateAsync("contacts", new { lastname = "Lamarr" });

        var read = await client.GetJsonAsync($"contacts({withAccount})?$select=lastname&$expand=parentcustomerid_account($select=name)");
        var none = await client.GetJsonAsync($"contacts({without})?$select=lastname&$expand=parentcustomerid_account($select=name)");
        var page = await client.GetJsonAsync($"contacts?$select=lastname&$expand=parentcustomerid_account($select=name)&$filter=lastname eq 'Hopper'");

        var expanded = read.GetProperty("parentcustomerid_account");
        Assert.Equal(("Contoso", account), (expanded.GetProperty("name").GetString(), expanded.GetProperty("accountid").GetGuid()));
        Assert.False(expanded.TryGetProperty("telephone1", out _));
        Assert.Equal(JsonValueKind.Null, none.GetProperty("parentcustomerid_account").ValueKind);
        Assert.Equal("Contoso", Assert.Single(page.GetProperty("value").EnumerateArray()).GetProperty("parentcustomerid_account").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Read_ExpandUnknownNavigation_Is400()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.SyncToken);
        var id = await client.CreateAsync("contacts", new { lastname = "Hopper" });

        using var response = await client.SendAsync(HttpMethod.Get, $"contacts({id})?$expand=nosuchnavigation");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
