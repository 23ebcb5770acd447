using System.Text.Json;
using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Tests.Setup;

/// <summary>
/// <c>crmsync fields --apply</c> (B6) writes the sync user and the mapping into the emulator's registered steps
/// (<c>sdkmessageprocessingsteps</c> configuration and filtering attributes, <c>sdkmessageprocessingstepimages</c>
/// attributes), and the real plug-in then stages exactly what the mapping says.
/// </summary>
public sealed class PluginStepsEmulatorTests
{
    private static readonly string[] Messages = ["Create", "Update", "Delete", "Merge"];

    private static string[] Split(object? list) =>
        [.. ((string?)list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal)];

    private static string[] Sorted(IEnumerable<string> items) => [.. items.Order(StringComparer.Ordinal)];

    private static void AssertStepsFollow(EmulatorOpsHost host, FieldMapping mapping)
    {
        var lead = mapping.DynamicsAttributes(SyncEntity.Lead);
        var contact = mapping.DynamicsAttributes(SyncEntity.Contact);
        var tracked = new Dictionary<string, string[]>
        {
            ["lead"] = Sorted([.. lead, "crmsync_synctomarketo"]),
            ["contact"] = Sorted([.. contact, "crmsync_synctomarketo", "originatingleadid"]),
        };
        var steps = host.Steps();
        // The solution registers 15 steps; the account and opportunity ones (DESIGN B16) are left alone while those do not sync.
        Assert.Equal(15, steps.Count);
        foreach (var entity in new[] { "lead", "contact" })
        {
            foreach (var message in Messages)
            {
                var step = steps[$"{entity} {message}"];
                using var configuration = JsonDocument.Parse((string)step["configuration"]!);
                var root = configuration.RootElement;
                Assert.Equal(host.SyncUserId, root.GetProperty("syncUserId").GetGuid());
                Assert.Equal(Sorted(lead), Sorted(root.GetProperty("attributes").GetProperty("lead").EnumerateArray().Select(a => a.GetString()!)));
                Assert.Equal(Sorted(contact), Sorted(root.GetProperty("attributes").GetProperty("contact").EnumerateArray().Select(a => a.GetString()!)));
                Assert.Equal(message == "Update" ? tracked[entity] : [], Split(step["filteringattributes"]));
                if (message is "Create" or "Merge")
                {
                    Assert.Null(host.ImageAttributes(step));
                }
                else
                {
                    Assert.Equal(tracked[entity], Split(host.ImageAttributes(step)));
                }
            }
        }
    }

    [Fact]
    public async Task FieldsApply_DefaultMapping_StepsCarryTheSyncUserTheMappingFiltersAndImages()
    {
        await using var host = await EmulatorOpsHost.StartAsync();

        var (exitCode, output, error) = await host.RunAsync("fields", "--apply");

        Assert.True(exitCode == 0, output + error);
        Assert.Contains($"for sync user {host.SyncUserId:D}", output, StringComparison.Ordinal);
        AssertStepsFollow(host, DefaultFieldMapping.Mapping);
    }

    [Fact]
    public async Task FieldsApply_NarrowerMapping_MakerChangeToAMappedColumnIsStagedOthersAreNot()
    {
        await using var host = await EmulatorOpsHost.StartAsync();
        (string Marketo, string Dynamics)[] fields = [("email", "emailaddress1"), ("firstName", "firstname"), ("lastName", "lastname")];
        for (var i = 0; i < fields.Length; i++)
        {
            host.Settings[$"CrmSync:Sync:Fields:{i}:Marketo"] = fields[i].Marketo;
            host.Settings[$"CrmSync:Sync:Fields:{i}:Dynamics"] = fields[i].Dynamics;
        }

        var (exitCode, output, error) = await host.RunAsync("fields", "--apply");
        Assert.True(exitCode == 0, output + error);
        AssertStepsFollow(host, new FieldMapping(
        [
            new(SyncEntity.Lead, "email", "emailaddress1", FieldKind.Email, CollisionWinner.Default),
            new(SyncEntity.Lead, "firstName", "firstname", FieldKind.Text, CollisionWinner.Default),
            new(SyncEntity.Lead, "lastName", "lastname", FieldKind.Text, CollisionWinner.Default),
            new(SyncEntity.Contact, "email", "emailaddress1", FieldKind.Email, CollisionWinner.Default),
            new(SyncEntity.Contact, "firstName", "firstname", FieldKind.Text, CollisionWinner.Default),
            new(SyncEntity.Contact, "lastName", "lastname", FieldKind.Text, CollisionWinner.Default),
        ]));

        var admin = host.Dataverse.Admin;
        var contact = admin.CreateRecord("contact", new Dictionary<string, object?> { ["lastname"] = "Maker", ["jobtitle"] = "Analyst" });
        admin.UpdateRecord("contact", contact, new Dictionary<string, object?> { ["firstname"] = "Mia" });
        admin.UpdateRecord("contact", contact, new Dictionary<string, object?> { ["jobtitle"] = "Not mapped any more" });
        admin.UpdateRecord("contact", contact, new Dictionary<string, object?> { ["firstname"] = "Sync" }, asUserId: host.SyncUserId);

        var staged = admin.GetRecords("crmsync_syncevent").ToDictionary(r => (string)r["crmsync_message"]!, r => (string)r["crmsync_changes"]!);
        Assert.Equal(["Create", "Update"], staged.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("""{"lastname":"Maker"}""", staged["Create"]);
        Assert.Equal("""{"firstname":"Mia"}""", staged["Update"]);
    }
}
