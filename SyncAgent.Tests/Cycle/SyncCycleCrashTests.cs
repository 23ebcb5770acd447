using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.State;
using static CrmSync.SyncAgent.Tests.Cycle.CycleRig;

namespace CrmSync.SyncAgent.Tests.Cycle;

/// <summary>
/// What a cycle that dies leaves behind, on in-memory fakes: before its commit, the old state (and the next cycle
/// repeats its idempotent writes); after its commit, staging rows applied but not deleted, which the applied-staging
/// marker keeps from being read again as new changes.
/// </summary>
public sealed class SyncCycleCrashTests
{
    [Fact]
    public async Task RunAsync_CrashBetweenWritesAndCommit_KeepsOldStateAndNextRunRepeatsWrites()
    {
        await using var rig = await CreateLinkedAsync();
        rig.Crm.Stage(StagingId(1), Ann, "Update", ("firstname", "Annie"));
        rig.Marketo.Change("token-1", "token-2", AnnPerson, "lastName", "Lee", "Lee-Smith");
        rig.Crm.FailAfterWrites = new HttpRequestException("Connection reset after the $batch landed.");

        await Assert.ThrowsAsync<HttpRequestException>(() => rig.CreateSut().RunAsync(null, CancellationToken.None));

        // Both writes landed, nothing was committed.
        Assert.Equal("Annie", rig.Marketo.Persons[AnnPerson]["firstName"]);
        Assert.Equal("Lee-Smith", rig.Crm.Value(Ann, "lastname"));
        Assert.Equal("token-1", await rig.State.GetCursorAsync(CursorNames.MarketoPagingToken));
        Assert.Equal("Ann", await rig.ShadowAsync(AnnPerson, "firstName"));
        Assert.Equal("Lee", await rig.ShadowAsync(AnnPerson, "lastName"));
        Assert.Equal([StagingId(1)], rig.Crm.Staging.Select(r => r.StagingId));
        Assert.Equal(CycleOutcome.Failed, (await rig.State.GetRecentCyclesAsync(1))[0].Outcome);

        var report = await rig.CreateSut().RunAsync(null, CancellationToken.None);

        Assert.True(report.Completed);
        Assert.Equal(["Lee-Smith", "Lee-Smith"], rig.Crm.UpdatesOf(Ann).Select(w => (string?)w.Body!["lastname"]));
        Assert.Equal(2, rig.Marketo.SyncLeadsCalls);
        Assert.Single(rig.Marketo.Persons);
        Assert.Equal("Annie", rig.Marketo.Persons[AnnPerson]["firstName"]);
        Assert.Equal("Lee-Smith", rig.Crm.Value(Ann, "lastname"));
        Assert.Equal("token-2", await rig.State.GetCursorAsync(CursorNames.MarketoPagingToken));
        Assert.Equal("Annie", await rig.ShadowAsync(AnnPerson, "firstName"));
        Assert.Equal("Lee-Smith", await rig.ShadowAsync(AnnPerson, "lastName"));
        Assert.Empty(rig.Crm.Staging);
    }

    [Fact]
    public async Task RunAsync_StagingDeleteFailsAfterCommit_MarksRowsAppliedAndNextCycleDeletesThem()
    {
        await using var rig = await CreateLinkedAsync();
        rig.Crm.Stage(StagingId(1), Ann, "Update", ("firstname", "Annie"));
        rig.Crm.FailingDeleteCalls = 1;

        var first = await rig.CreateSut().RunAsync(null, CancellationToken.None);

        Assert.True(first.Completed);
        Assert.Equal([StagingId(1)], rig.Crm.Staging.Select(r => r.StagingId));
        Assert.Equal($"[\"{StagingId(1):D}\"]", (await rig.State.GetMarkersAsync())[SyncCycle.AppliedStagingMarker]);

        var second = await rig.CreateSut().RunAsync(null, CancellationToken.None);

        Assert.True(second.Completed);
        Assert.Empty(rig.Crm.Staging);
        Assert.DoesNotContain(SyncCycle.AppliedStagingMarker, (await rig.State.GetMarkersAsync()).Keys);
        Assert.Equal(1, rig.Marketo.SyncLeadsCalls);
        Assert.Equal(0, second.Record.CrmRead);
    }

    [Fact]
    public async Task RunAsync_AppliedStagingRowStillThere_SkipsItAndDeletesItNextCycle()
    {
        // A committed cycle applied row 1 (Anne, since changed to Ann) but died before deleting it.
        await using var rig = await CreateLinkedAsync();
        rig.Crm.Stage(StagingId(1), Ann, "Update", ("firstname", "Anne"));
        await rig.InTransactionAsync(t => t.SetMarkerAsync(SyncCycle.AppliedStagingMarker, $"[\"{StagingId(1):D}\"]"));
        // Two failing deletes: the cycle's first step and the retry after its (one) chunk's commit.
        rig.Crm.FailingDeleteCalls = 2;

        var first = await rig.CreateSut().RunAsync(null, CancellationToken.None);

        Assert.True(first.Completed);
        Assert.Equal(0, first.Record.CrmRead);
        Assert.Equal(0, rig.Marketo.SyncLeadsCalls);
        Assert.Equal("Ann", rig.Marketo.Persons[AnnPerson]["firstName"]);
        Assert.Equal("Ann", await rig.ShadowAsync(AnnPerson, "firstName"));
        Assert.Equal([StagingId(1)], rig.Crm.Staging.Select(r => r.StagingId));
        Assert.Contains(SyncCycle.AppliedStagingMarker, (await rig.State.GetMarkersAsync()).Keys);

        var second = await rig.CreateSut().RunAsync(null, CancellationToken.None);

        Assert.True(second.Completed);
        Assert.Empty(rig.Crm.Staging);
        Assert.DoesNotContain(SyncCycle.AppliedStagingMarker, (await rig.State.GetMarkersAsync()).Keys);
        Assert.Equal(0, rig.Marketo.SyncLeadsCalls);
        Assert.Equal("Ann", rig.Marketo.Persons[AnnPerson]["firstName"]);
    }
}
