using CrmSync.Demo;
using System.Net;
using System.Text.Json;
using CrmSync.DataverseEmulator.Admin;
using CrmSync.DataverseEmulator.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace CrmSync.DataverseEmulator.Tests;

/// <summary>
/// The packed managed solution imported into the emulator, running the real net462 plug-in:
/// https://learn.microsoft.com/power-apps/developer/data-platform/understand-the-data-context (execution context),
/// https://learn.microsoft.com/power-apps/developer/data-platform/event-framework (stage 40 in the transaction),
/// https://learn.microsoft.com/power-apps/developer/data-platform/webapi/compose-http-requests-handle-errors (400 0x80040265 from a plug-in).
/// </summary>
public sealed class PluginPipelineTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 9, 30, 0, TimeSpan.Zero);

    /// <summary>The emulator on a fake clock at <see cref="Start"/> with the packed solution imported; the steps name the sync user unless told not to.</summary>
    private static Task<EmulatorSession> StartAsync(bool configureSyncUser = true) =>
        EmulatorSession.StartAsync(new FakeTimeProvider(Start), PackedSolution.Find(), configureSyncUser);

    private static List<JsonElement> Changes(DataverseEmulator emulator) =>
        emulator.Admin.GetRecords("crmsync_syncevent").Select(r => JsonDocument.Parse((string)r["crmsync_changes"]!).RootElement).ToList();

    [Fact]
    public async Task ImportSolution_PackedZip_CreatesTablesStepsAndSolutionRow()
    {
        await using var session = await StartAsync(configureSyncUser: false);
        var (emulator, maker, sync) = session;

        var solutions = await maker.GetJsonAsync("solutions?$select=uniquename,version");
        var steps = await maker.GetJsonAsync("sdkmessageprocessingsteps?$select=name,stage,filteringattributes");
        var attribute = await maker.GetJsonAsync("EntityDefinitions(LogicalName='contact')/Attributes(LogicalName='crmsync_synctomarketo')?$select=LogicalName,AttributeType");

        Assert.Contains(solutions.GetProperty("value").EnumerateArray(), v => v.GetProperty("uniquename").GetString() == "CrmSync");
        Assert.Equal(15, steps.GetProperty("value").GetArrayLength()); // lead, contact and account × Create, Update, Delete, Merge; opportunity × Create, Update, Delete
        Assert.All(steps.GetProperty("value").EnumerateArray(), v => Assert.Equal(40, v.GetProperty("stage").GetInt32()));
        Assert.Equal("Boolean", attribute.GetProperty("AttributeType").GetString());
    }

    [Fact]
    public async Task CreateAndUpdateContact_AsMaker_StagesCreateAndOnlyChangedMappedColumns()
    {
        await using var session = await StartAsync();
        var (emulator, maker, sync) = session;

        var id = await maker.CreateAsync("contacts", new { firstname = "Ada", lastname = "Lovelace", emailaddress1 = "ada@example.com" });
        using var update = await maker.SendAsync(HttpMethod.Patch, $"contacts({id})", new { jobtitle = "Analyst", firstname = "Ada" });
        using var unmapped = await maker.SendAsync(HttpMethod.Patch, $"contacts({id})", new { description = "not mapped, not a filtering attribute" });

        var rows = emulator.Admin.GetRecords("crmsync_syncevent");
        Assert.Equal(HttpStatusCode.NoContent, update.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, unmapped.StatusCode);
        Assert.Equal(2, rows.Count);
        var create = rows.Single(r => (string)r["crmsync_message"]! == "Create");
        var change = rows.Single(r => (string)r["crmsync_message"]! == "Update");
        Assert.Equal("contact", create["crmsync_entity"]);
        Assert.Equal(id.ToString(), create["crmsync_recordid"]);
        Assert.Equal(Start.UtcDateTime, create["crmsync_changedon"]);
        Assert.Equal("ada@example.com", JsonDocument.Parse((string)create["crmsync_changes"]!).RootElement.GetProperty("emailaddress1").GetString());
        var changes = JsonDocument.Parse((string)change["crmsync_changes"]!).RootElement;
        Assert.Equal("Analyst", changes.GetProperty("jobtitle").GetString());
        Assert.False(changes.TryGetProperty("firstname", out _));
    }

    [Fact]
    public async Task CreateAndUpdateContact_AsSyncUser_StagesNothing()
    {
        await using var session = await StartAsync();
        var (emulator, maker, sync) = session;

        var id = await sync.CreateAsync("contacts", new { firstname = "Sync", lastname = "Write", emailaddress1 = "s@example.com" });
        using var update = await sync.SendAsync(HttpMethod.Patch, $"contacts({id})", new { jobtitle = "Echo" });

        Assert.Equal(HttpStatusCode.NoContent, update.StatusCode);
        Assert.Equal(0, emulator.Admin.Count("crmsync_syncevent"));
        Assert.Equal(2, emulator.Admin.Counters.PluginExecutions);
    }

    [Fact]
    public async Task UpdateContact_AsSyncUserWithAutomation_StagesTheDepthTwoChangeOnly()
    {
        await using var session = await StartAsync();
        var (emulator, maker, sync) = session;
        emulator.Admin.AddAutomation(new AutomationRule("contact", "emailaddress1", "jobtitle", v => "Owner of " + v));
        var id = await sync.CreateAsync("contacts", new { lastname = "Reacts" });

        using var update = await sync.SendAsync(HttpMethod.Patch, $"contacts({id})", new { emailaddress1 = "x@example.com" });

        Assert.Equal(HttpStatusCode.NoContent, update.StatusCode);
        var staged = Assert.Single(Changes(emulator));
        Assert.Equal("Owner of x@example.com", staged.GetProperty("jobtitle").GetString());
        Assert.False(staged.TryGetProperty("emailaddress1", out _));
    }

    [Fact]
    public async Task UpdateContact_FailingValidationRule_LeavesNeitherChangeNorStagingRow()
    {
        await using var session = await StartAsync();
        var (emulator, maker, sync) = session;
        var id = await maker.CreateAsync("contacts", new { lastname = "Valid", emailaddress1 = "ok@example.com" });
        emulator.Admin.AddValidationRule(ValidationRule.WhenMatches("contact", "emailaddress1", "^[^@]*$", "Email must contain @."));

        using var update = await maker.SendAsync(HttpMethod.Patch, $"contacts({id})", new { emailaddress1 = "broken" });
        var stored = await maker.GetJsonAsync($"contacts({id})?$select=emailaddress1");

        Assert.Equal(HttpStatusCode.BadRequest, update.StatusCode);
        Assert.Equal(("0x80040265", "Email must contain @."), await EmulatorClient.ErrorAsync(update));
        Assert.Equal("ok@example.com", stored.GetProperty("emailaddress1").GetString());
        Assert.Equal("Create", Assert.Single(emulator.Admin.GetRecords("crmsync_syncevent"))["crmsync_message"]);
    }

    [Fact]
    public async Task CreateContact_PluginThrows_RollsBackAndReturnsPluginMessage()
    {
        await using var session = await StartAsync();
        var (emulator, maker, sync) = session;
        emulator.Admin.AddValidationRule(ValidationRule.WhenEquals("crmsync_syncevent", "crmsync_entity", "contact", "staging refused"));

        using var create = await maker.SendAsync(HttpMethod.Post, "contacts", new { lastname = "Never" });

        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        var (code, message) = await EmulatorClient.ErrorAsync(create);
        Assert.Equal("0x80040265", code);
        Assert.StartsWith("CrmSync could not stage the change", message, StringComparison.Ordinal);
        Assert.Equal(0, emulator.Admin.Count("contact"));
        Assert.Equal(0, emulator.Admin.Count("crmsync_syncevent"));
    }

    [Fact]
    public async Task DeleteLead_AsMaker_StagesDeleteFromPreImage()
    {
        await using var session = await StartAsync();
        var (emulator, maker, sync) = session;
        var id = await maker.CreateAsync("leads", new { lastname = "Leaving", emailaddress1 = "bye@example.com" });

        using var delete = await maker.SendAsync(HttpMethod.Delete, $"leads({id})");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        var rows = emulator.Admin.GetRecords("crmsync_syncevent");
        Assert.Contains(rows, r => (string)r["crmsync_message"]! == "Delete" && (string)r["crmsync_recordid"]! == id.ToString());
    }
}
