using System.Net;
using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Dataverse.Batch;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;
using static CrmSync.SyncAgent.Tests.Cycle.CycleRig;

namespace CrmSync.SyncAgent.Tests.Cycle;

/// <summary>
/// A write the other side refuses becomes a rejection and a notice on both sides (DESIGN B7), on in-memory fakes: the
/// notice waits in its marker while a side cannot take it, and a later cycle sends it.
/// </summary>
public sealed class SyncCycleRejectionTests
{
    private const string PluginError = "0x80040265";
    private const string PluginMessage = "Last name is locked by a plug-in.";

    [Fact]
    public async Task RunAsync_DynamicsRefusesUpdate_RecordsRejectionAndPendingNotice()
    {
        await using var rig = await RefusingRigAsync();

        var report = await rig.CreateSut().RunAsync(null, CancellationToken.None);

        Assert.True(report.Completed);
        Assert.Equal(1, report.Record.Rejections);
        Assert.Equal("Lee", rig.Crm.Value(Ann, "lastname"));
        Assert.Equal("Lee", await rig.ShadowAsync(AnnPerson, "lastName"));
        Assert.Equal("token-2", await rig.State.GetCursorAsync(CursorNames.MarketoPagingToken));
        var rejection = Assert.Single(await rig.State.SearchRejectionsAsync(new RejectionQuery()));
        Assert.Equal(SyncDirection.ToDynamics, rejection.Direction);
        Assert.Equal(Ann, rejection.Record);
        Assert.Equal(AnnPerson, rejection.MarketoId);
        Assert.Equal(PluginError, rejection.ErrorCode);
        Assert.Equal(PluginMessage, rejection.Message);
        Assert.Equal(("lastName", "Lee-Smith"), Assert.Single(rejection.Fields.Select(f => (f.Field, f.Value.Text))));
        Assert.False(rejection.Resolved);
        Assert.Equal([$"notify:{rejection.Id}"], (await rig.State.GetMarkersAsync()).Keys.Where(k => k.StartsWith("notify:", StringComparison.Ordinal)));
        Assert.Empty(rig.Marketo.Activities);
    }

    [Fact]
    public async Task RunAsync_NoticePendingFromEarlierCycle_NextCycleSendsItToBothSides()
    {
        await using var rig = await RefusingRigAsync();
        await rig.CreateSut().RunAsync(null, CancellationToken.None);
        rig.Marketo.FailActivities = null;

        var report = await rig.CreateSut().RunAsync(null, CancellationToken.None);

        Assert.True(report.Completed);
        var activity = Assert.Single(rig.Marketo.Activities);
        Assert.Equal(AnnPerson, activity.LeadId);
        Assert.Equal(100001, activity.ActivityTypeId);
        var created = Assert.Single(rig.Crm.Created.Values);
        Assert.Equal("crmsync_syncresult", created.Entity);
        Assert.DoesNotContain((await rig.State.GetMarkersAsync()).Keys, k => k.StartsWith("notify:", StringComparison.Ordinal));
        Assert.Single(await rig.State.SearchRejectionsAsync(new RejectionQuery()));
    }

    /// <summary>Ann linked; Marketo changed her last name, Dynamics refuses every update, Marketo takes no activity.</summary>
    private static async Task<CycleRig> RefusingRigAsync()
    {
        var rig = await CreateLinkedAsync();
        rig.Marketo.Change("token-1", "token-2", AnnPerson, "lastName", "Lee", "Lee-Smith");
        rig.Crm.Refuse = write => write.Kind == RecordWriteKind.Update
            ? new RecordWriteResult(write, RecordWriteOutcome.Rejected, HttpStatusCode.BadRequest, PluginError, PluginMessage)
            : null;
        rig.Marketo.FailActivities = new HttpRequestException("Marketo unreachable.");
        return rig;
    }
}
