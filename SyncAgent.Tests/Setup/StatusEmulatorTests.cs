using System.Text.Json.Nodes;
using CrmSync.DataverseEmulator.Admin;

namespace CrmSync.SyncAgent.Tests.Setup;

/// <summary>
/// <c>crmsync status</c> (B12) against both emulators after real cycles run by <c>crmsync sync --once</c>: the cycles,
/// the Dynamics backlog from the staging table (<c>$count=true</c> and the oldest pending row) and the rejections.
/// </summary>
public sealed class StatusEmulatorTests
{
    private const string RuleMessage = "Job titles must not start with 'Bad'.";

    /// <summary>Setup, a first cycle linking a contact, a rejected Marketo edit in a second cycle, then one pending Dynamics change.</summary>
    private static async Task<EmulatorOpsHost> AfterTwoCyclesAsync()
    {
        var host = await EmulatorOpsHost.StartAsync();
        Assert.Equal(1, (await host.RunAsync("doctor", "--fix")).ExitCode);
        Assert.Equal(0, (await host.RunAsync("fields", "--apply")).ExitCode);
        var admin = host.Dataverse.Admin;
        var contact = admin.CreateRecord("contact", new Dictionary<string, object?> { ["lastname"] = "Ray", ["emailaddress1"] = "ray@example.com", ["jobtitle"] = "Original" });
        var first = await host.RunAsync("sync", "--once");
        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        var person = Assert.Single(host.Marketo.Admin.FindPersonsByEmail("ray@example.com"));

        admin.AddValidationRule(ValidationRule.WhenMatches("contact", "jobtitle", "^Bad", RuleMessage));
        host.Marketo.Admin.EditPerson(person.Id, new Dictionary<string, object?> { ["title"] = "Bad title" });
        var second = await host.RunAsync("sync", "--once");
        Assert.True(second.ExitCode == 0, second.Output + second.Error);
        Assert.Equal("Original", admin.GetRecord("contact", contact)!["jobtitle"]);

        admin.CreateRecord("lead", new Dictionary<string, object?> { ["lastname"] = "Pending", ["emailaddress1"] = "pending@example.com" });
        return host;
    }

    [Fact]
    public async Task StatusJson_AfterRealCycles_ShowsCyclesBacklogAndRejection()
    {
        await using var host = await AfterTwoCyclesAsync();
        var pending = Assert.Single(host.Dataverse.Admin.GetRecords("crmsync_syncevent"));

        var (exitCode, output, error) = await host.RunAsync("status", "--json");

        Assert.True(exitCode == 0, error);
        var status = JsonNode.Parse(output)!;
        var cycles = status["cycles"]!.AsArray();
        Assert.Equal(2, cycles.Count);
        Assert.All(cycles, c => Assert.Equal("completed", (string?)c!["outcome"]));
        // Newest first: the rejected Marketo edit, then the first run that read the staged contact.
        Assert.Equal((2, 1, 1), ((int?)cycles[0]!["id"], (int?)cycles[0]!["marketoRead"], (int?)cycles[0]!["rejections"]));
        Assert.Equal((1, 1, 0), ((int?)cycles[1]!["id"], (int?)cycles[1]!["crmRead"], (int?)cycles[1]!["rejections"]));
        var backlog = status["backlog"]!["dynamics"]!;
        Assert.Equal(1, (long?)backlog["pending"]);
        Assert.False((bool?)backlog["countIsLowerBound"]);
        Assert.Equal(new DateTimeOffset((DateTime)pending["crmsync_changedon"]!, TimeSpan.Zero), (DateTimeOffset?)backlog["oldestChangedOn"]);
        var rejection = Assert.Single(status["rejections"]!.AsArray())!;
        Assert.Equal(("toDynamics", "contact", "0x80040265"), ((string?)rejection["direction"], (string?)rejection["entity"], (string?)rejection["errorCode"]));
        Assert.Contains(RuleMessage, (string?)rejection["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_AfterRealCycles_TablesShowCyclesBacklogAndRejection()
    {
        await using var host = await AfterTwoCyclesAsync();

        var (exitCode, output, error) = await host.RunAsync("status");

        Assert.True(exitCode == 0, error);
        Assert.Matches(@"│ Dynamics \(staging table\)\s+│ 1\s+│ \d{4}-\d{2}-\d{2}", output);
        Assert.Equal(2, output.Split('\n').Count(l => l.Contains("│ Completed", StringComparison.OrdinalIgnoreCase)));
        Assert.Contains("Open rejections (1)", output, StringComparison.Ordinal);
        Assert.Contains("0x80040265", output, StringComparison.Ordinal);
    }
}
