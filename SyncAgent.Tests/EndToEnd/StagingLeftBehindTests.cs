using CrmSync.SyncAgent.Cycle;

namespace CrmSync.SyncAgent.Tests.EndToEnd;

/// <summary>
/// The agent dies after a cycle committed but before it deleted the staging rows it applied (found by the 30-trial
/// crash-consistency run: a lead collision won by Marketo came back as a Dynamics change and overwrote Marketo).
/// </summary>
public sealed class StagingLeftBehindTests
{
    [Fact]
    public async Task Cycle_AppliedStagingRowsLeftBehindByACrash_AreSkippedAndDeletedNotReplayed()
    {
        await using var sut = await SyncHarness.StartAsync();
        var lead = sut.CreateAsMaker("lead", ("lastname", "Stale"), ("emailaddress1", "stale@example.com"), ("address1_city", "Original"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("lead", lead);
        sut.UpdateAsMaker("lead", lead, ("address1_city", "Dynamics City"));
        sut.EditInMarketo(person, ("city", "Marketo City"));
        var staged = sut.Dataverse.Admin.GetRecords("crmsync_syncevent");
        var stagedIds = staged.Select(r => (Guid)r["crmsync_synceventid"]!).ToList();

        var collision = await sut.RunCycleAsync();
        // What a process killed right after the commit leaves behind: the rows it applied, still in the staging table.
        sut.Dataverse.Admin.BulkInsert("crmsync_syncevent", staged);
        await using (var transaction = await sut.State.BeginAsync())
        {
            await transaction.SetMarkerAsync(SyncCycle.AppliedStagingMarker, System.Text.Json.JsonSerializer.Serialize(stagedIds));
            await transaction.CommitAsync();
        }

        var afterRestart = await sut.RunCycleAsync();

        Assert.Equal(1, collision.Record.Collisions);
        Assert.Equal("Marketo City", sut.DynamicsValue("lead", lead, "address1_city"));
        Assert.Equal("Marketo City", sut.MarketoValue(person, "city"));
        Assert.Equal((0, 0), (afterRestart.Record.CrmWritten, afterRestart.Record.MarketoWritten));
        Assert.Equal(0, sut.StagingRowCount);
        Assert.DoesNotContain(SyncCycle.AppliedStagingMarker, (await sut.State.GetMarkersAsync()).Keys);
    }
}
