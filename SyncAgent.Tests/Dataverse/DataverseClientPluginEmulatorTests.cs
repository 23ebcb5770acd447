using System.Text.Json.Nodes;
using CrmSync.DataverseEmulator.Security;
using CrmSync.SyncAgent.Dataverse.Batch;
using CrmSync.SyncAgent.Dataverse.Staging;

namespace CrmSync.SyncAgent.Tests.Dataverse;

/// <summary>
/// The connector against the emulator with the packed managed solution imported, so the real net462 plug-in writes
/// the staging rows the connector reads.
/// </summary>
public class DataverseClientPluginEmulatorTests
{
    private const string Unconfigured = "00000000-0000-0000-0000-000000000000";

    [Fact]
    public async Task PluginSteps_ConfiguredThroughTheConnector_PlugInStagesMakerEditsButNotSyncWrites()
    {
        await using var dv = await EmulatorFixture.StartAsync(withSolution: true);
        var sut = EmulatorFixture.CreateClient(dv);
        var syncUser = (await sut.WhoAmIAsync(CancellationToken.None)).UserId;

        var steps = await sut.GetPluginStepsAsync(CancellationToken.None);
        Assert.Equal(15, steps.Count);
        Assert.Equal(
            ["account Create", "account Delete", "account Merge", "account Update", "contact Create", "contact Delete", "contact Merge", "contact Update", "lead Create", "lead Delete", "lead Merge", "lead Update",
             "opportunity Create", "opportunity Delete", "opportunity Update"],
            steps.Select(s => $"{s.Entity} {s.Message}").Order());
        Assert.All(steps, s => Assert.True(s.Enabled));
        Assert.All(steps, s => Assert.Equal(40, s.Stage));

        foreach (var step in steps)
        {
            var configuration = step.Configuration!.Replace(Unconfigured, syncUser.ToString("D"), StringComparison.Ordinal);
            var attributes = (step.FilteringAttributes ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
            await sut.UpdatePluginStepAsync(step.Id, configuration, attributes, CancellationToken.None);
        }

        var configured = await sut.GetPluginStepsAsync(CancellationToken.None);
        Assert.All(configured, s => Assert.Contains(syncUser.ToString("D"), s.Configuration!, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(
            steps.Select(s => s.FilteringAttributes ?? "").Order(),
            configured.Select(s => s.FilteringAttributes ?? "").Order());

        var contact = dv.Admin.CreateRecord("contact", new Dictionary<string, object?> { ["firstname"] = "Ada", ["lastname"] = "Lovelace", ["emailaddress1"] = "ada@example.com" }, BuiltInUsers.Maker.Id);
        var staged = await ReadAllStagingAsync(sut);
        var create = Assert.Single(staged);
        Assert.False(create.IsPoison, create.PoisonReason);
        Assert.Equal(("contact", contact, "Create"), (create.Entity, create.RecordId, create.Message));
        Assert.Equal(ChangeValue.FromString("ada@example.com"), create.Changes["emailaddress1"]);

        // The sync user's own write (depth 1) is not staged: no echo.
        var write = Assert.Single(await sut.ApplyWritesAsync([RecordWrite.Update("k", "contact", contact, new JsonObject { ["jobtitle"] = "Analyst" })], CancellationToken.None));
        Assert.True(write.Landed);
        Assert.Equal([create.StagingId], (await ReadAllStagingAsync(sut)).Select(r => r.StagingId));

        await sut.DeleteStagingRowsAsync([create.StagingId], CancellationToken.None);
        Assert.Empty(await ReadAllStagingAsync(sut));
    }

    private static async Task<List<StagingRow>> ReadAllStagingAsync(CrmSync.SyncAgent.Dataverse.DataverseClient client)
    {
        var rows = new List<StagingRow>();
        await foreach (var page in client.ReadStagingPagesAsync(CancellationToken.None))
        {
            rows.AddRange(page);
        }

        return rows;
    }
}
