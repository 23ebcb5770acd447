using System.Net;
using System.Text.Json;
using CrmSync.DataverseEmulator.Tests.Support;

namespace CrmSync.DataverseEmulator.Tests;

/// <summary>
/// The Merge action, https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/merge: Target and
/// Subordinate (crmbaseentity with @odata.type), UpdateContent, PerformParentingChecks; 204; the subordinate deactivated
/// with masterid set. (The Merge plug-in step runs in PluginPipeline-style end-to-end tests in SyncAgent.Tests.)
/// </summary>
public sealed class MergeActionTests
{
    [Fact]
    public async Task Merge_Contacts_Returns204UpdatesMasterAndDeactivatesSubordinate()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);
        var master = await client.CreateAsync("contacts", new { lastname = "Lovelace" });
        var subordinate = await client.CreateAsync("contacts", new { lastname = "King" });

        using var response = await client.SendAsync(HttpMethod.Post, "Merge", Body("contact", master, subordinate, new { jobtitle = "Countess" }, false));
        var merged = await client.GetJsonAsync($"contacts({subordinate})?$select=statecode,statuscode,merged,_masterid_value");
        var kept = await client.GetJsonAsync($"contacts({master})?$select=jobtitle,statecode");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal((1, 2, true), (merged.GetProperty("statecode").GetInt32(), merged.GetProperty("statuscode").GetInt32(), merged.GetProperty("merged").GetBoolean()));
        Assert.Equal(master, merged.GetProperty("_masterid_value").GetGuid());
        Assert.Equal(("Countess", 0), (kept.GetProperty("jobtitle").GetString(), kept.GetProperty("statecode").GetInt32()));
    }

    [Fact]
    public async Task Merge_Leads_DisqualifiesSubordinateAsCanceled()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);
        var master = await client.CreateAsync("leads", new { lastname = "Hopper" });
        var subordinate = await client.CreateAsync("leads", new { lastname = "Hopper" });

        using var response = await client.SendAsync(HttpMethod.Post, "Merge", Body("lead", master, subordinate, null, false));
        var merged = await client.GetJsonAsync($"leads({subordinate})?$select=statecode,statuscode");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal((2, 7), (merged.GetProperty("statecode").GetInt32(), merged.GetProperty("statuscode").GetInt32()));
    }

    [Fact]
    public async Task Merge_Accounts_DeactivatesSubordinateAndMovesItsChildrenToTheMaster()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);
        var master = await client.CreateAsync("accounts", new { name = "Contoso Ltd" });
        var subordinate = await client.CreateAsync("accounts", new { name = "Contoso" });
        var other = await client.CreateAsync("accounts", new { name = "Fabrikam" });
        var child = await client.CreateAsync("contacts", new Dictionary<string, object> { ["lastname"] = "Hopper", ["parentcustomerid_account@odata.bind"] = $"accounts({subordinate})" });
        var stays = await client.CreateAsync("contacts", new Dictionary<string, object> { ["lastname"] = "Lovelace", ["parentcustomerid_account@odata.bind"] = $"accounts({other})" });
        var childAccount = await client.CreateAsync("accounts", new Dictionary<string, object> { ["name"] = "Contoso East", ["parentaccountid@odata.bind"] = $"accounts({subordinate})" });
        var lead = await client.CreateAsync("leads", new Dictionary<string, object> { ["lastname"] = "Babbage", ["parentaccountid@odata.bind"] = $"accounts({subordinate})" });

        using var response = await client.SendAsync(HttpMethod.Post, "Merge", Body("account", master, subordinate, new { websiteurl = "https://contoso.example" }, false));
        var merged = await client.GetJsonAsync($"accounts({subordinate})?$select=statecode,statuscode,merged,_masterid_value");
        var kept = await client.GetJsonAsync($"accounts({master})?$select=websiteurl,statecode");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal((1, 2, true), (merged.GetProperty("statecode").GetInt32(), merged.GetProperty("statuscode").GetInt32(), merged.GetProperty("merged").GetBoolean()));
        Assert.Equal(master, merged.GetProperty("_masterid_value").GetGuid());
        Assert.Equal(("https://contoso.example", 0), (kept.GetProperty("websiteurl").GetString(), kept.GetProperty("statecode").GetInt32()));
        Assert.Equal(master, (await client.GetJsonAsync($"contacts({child})?$select=_parentcustomerid_value")).GetProperty("_parentcustomerid_value").GetGuid());
        Assert.Equal(other, (await client.GetJsonAsync($"contacts({stays})?$select=_parentcustomerid_value")).GetProperty("_parentcustomerid_value").GetGuid());
        Assert.Equal(master, (await client.GetJsonAsync($"accounts({childAccount})?$select=_parentaccountid_value")).GetProperty("_parentaccountid_value").GetGuid());
        Assert.Equal(master, (await client.GetJsonAsync($"leads({lead})?$select=_parentaccountid_value")).GetProperty("_parentaccountid_value").GetGuid());
    }

    [Fact]
    public async Task Merge_AccountsWithDifferentParentsAndParentingChecks_Returns400AndMovesNothing()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);
        var parent = await client.CreateAsync("accounts", new { name = "Holding" });
        var master = await client.CreateAsync("accounts", new Dictionary<string, object> { ["name"] = "Contoso Ltd", ["parentaccountid@odata.bind"] = $"accounts({parent})" });
        var subordinate = await client.CreateAsync("accounts", new { name = "Contoso" });
        var child = await client.CreateAsync("contacts", new Dictionary<string, object> { ["lastname"] = "Hopper", ["parentcustomerid_account@odata.bind"] = $"accounts({subordinate})" });

        var message = await ErrorAsync(client, Body("account", master, subordinate, null, true));

        Assert.Contains("parentaccountid", message, StringComparison.Ordinal);
        Assert.Equal(subordinate, (await client.GetJsonAsync($"contacts({child})?$select=_parentcustomerid_value")).GetProperty("_parentcustomerid_value").GetGuid());
        Assert.Equal(0, (await client.GetJsonAsync($"accounts({subordinate})?$select=statecode")).GetProperty("statecode").GetInt32());
    }

    [Fact]
    public async Task Merge_UnknownSubordinate_Returns404AndChangesNothing()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);
        var master = await client.CreateAsync("contacts", new { lastname = "Lovelace" });

        using var response = await client.SendAsync(HttpMethod.Post, "Merge", Body("contact", master, Guid.NewGuid(), new { jobtitle = "Countess" }, false));
        var kept = await client.GetJsonAsync($"contacts({master})?$select=jobtitle");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(JsonValueKind.Null, kept.GetProperty("jobtitle").ValueKind);
    }

    [Fact]
    public async Task Merge_BadRequests_Return400WithTheReason()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);
        var contact = await client.CreateAsync("contacts", new { lastname = "Lovelace" });
        var other = await client.CreateAsync("contacts", new { lastname = "King" });
        var lead = await client.CreateAsync("leads", new { lastname = "Hopper" });

        var noChecks = await ErrorAsync(client, new Dictionary<string, object?>
        {
            ["Target"] = Record("contact", contact), ["Subordinate"] = Record("contact", other),
        });
        var mixed = await ErrorAsync(client, Body("contact", contact, lead, null, false, subordinateType: "lead"));
        var itself = await ErrorAsync(client, Body("contact", contact, contact, null, false));

        Assert.Contains("PerformParentingChecks", noChecks, StringComparison.Ordinal);
        Assert.Contains("same entity type", mixed, StringComparison.Ordinal);
        Assert.Contains("must be different records", itself, StringComparison.Ordinal);
    }

    private static async Task<string> ErrorAsync(EmulatorClient client, object body)
    {
        using var response = await client.SendAsync(HttpMethod.Post, "Merge", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("message").GetString()!;
    }

    private static Dictionary<string, object?> Record(string table, Guid id) =>
        new() { ["@odata.type"] = "Microsoft.Dynamics.CRM." + table, [table + "id"] = id };

    private static Dictionary<string, object?> Body(string table, Guid master, Guid subordinate, object? update, bool checks, string? subordinateType = null)
    {
        var content = Record(table, master);
        content.Remove(table + "id");
        if (update is not null)
        {
            foreach (var property in JsonSerializer.SerializeToElement(update).EnumerateObject())
            {
                content[property.Name] = property.Value;
            }
        }

        return new()
        {
            ["Target"] = Record(table, master),
            ["Subordinate"] = Record(subordinateType ?? table, subordinate),
            ["UpdateContent"] = content,
            ["PerformParentingChecks"] = checks,
        };
    }
}
