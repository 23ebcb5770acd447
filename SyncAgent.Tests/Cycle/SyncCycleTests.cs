using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;
using static CrmSync.SyncAgent.Tests.Cycle.CycleRig;

namespace CrmSync.SyncAgent.Tests.Cycle;

/// <summary>
/// The cycle's steps on in-memory fakes of both connectors and the real in-memory SQLite state: what a change on one
/// side writes to the other and what the cycle commits. The emulator tests prove the real connectors' wire format.
/// </summary>
public sealed class SyncCycleTests
{
    [Fact]
    public async Task RunAsync_DynamicsChangeOfLinkedLead_CopiesToMarketoAndCommits()
    {
        await using var rig = await CreateLinkedAsync();
        rig.Crm.Stage(StagingId(1), Ann, "Update", ("firstname", "Annie"));

        var report = await rig.CreateSut().RunAsync(null, CancellationToken.None);

        Assert.True(report.Completed);
        Assert.Equal("Annie", rig.Marketo.Persons[AnnPerson]["firstName"]);
        Assert.Equal("Lee", rig.Marketo.Persons[AnnPerson]["lastName"]);
        Assert.Equal("Annie", await rig.ShadowAsync(AnnPerson, "firstName"));
        Assert.Empty(rig.Crm.Staging);
        Assert.DoesNotContain(SyncCycle.AppliedStagingMarker, (await rig.State.GetMarkersAsync()).Keys);
        Assert.Empty(rig.Crm.Writes);
        Assert.Equal((1, 0, 1), (report.Record.CrmRead, report.Record.CrmWritten, report.Record.MarketoWritten));
    }

    [Fact]
    public async Task RunAsync_DynamicsCreateOfNewLead_CreatesPersonAndLinksIt()
    {
        await using var rig = await CreateLinkedAsync();
        var bob = new RecordKey(SyncEntity.Lead, new Guid("00000000-0000-0000-0000-00000000b002"));
        rig.Crm.Add(bob, ("emailaddress1", "bob@example.com"), ("firstname", "Bob"), ("lastname", "Stone"));
        rig.Crm.Stage(StagingId(1), bob, "Create", ("emailaddress1", "bob@example.com"), ("firstname", "Bob"), ("lastname", "Stone"));

        var report = await rig.CreateSut().RunAsync(null, CancellationToken.None);

        Assert.Equal(1, report.Linked);
        Assert.Equal(9001, (await rig.State.FindLinkAsync(bob))?.MarketoId);
        Assert.Equal("bob@example.com", rig.Marketo.Persons[9001]["email"]);
        Assert.Equal("Bob", rig.Marketo.Persons[9001]["firstName"]);
        Assert.Equal("Stone", await rig.ShadowAsync(9001, "lastName"));
        Assert.Equal(2, rig.Marketo.Persons.Count);
        Assert.Empty(rig.Crm.Staging);
    }

    [Fact]
    public async Task RunAsync_MarketoChangeOfLinkedPerson_CopiesToDynamicsAndMovesCursor()
    {
        await using var rig = await CreateLinkedAsync();
        rig.Marketo.Change("token-1", "token-2", AnnPerson, "lastName", "Lee", "Lee-Smith");

        var report = await rig.CreateSut().RunAsync(null, CancellationToken.None);

        Assert.True(report.Completed);
        Assert.Equal("Lee-Smith", rig.Crm.Value(Ann, "lastname"));
        Assert.Equal("Ann", rig.Crm.Value(Ann, "firstname"));
        Assert.Single(rig.Crm.UpdatesOf(Ann));
        Assert.Equal("Lee-Smith", await rig.ShadowAsync(AnnPerson, "lastName"));
        Assert.Equal("token-2", await rig.State.GetCursorAsync(CursorNames.MarketoPagingToken));
        Assert.Equal(0, rig.Marketo.SyncLeadsCalls);
        Assert.Equal((1, 1, 0), (report.Record.MarketoRead, report.Record.CrmWritten, report.Record.MarketoWritten));
    }

    [Fact]
    public async Task RunAsync_MarketoChangeEqualToShadow_WritesNothing()
    {
        await using var rig = await CreateLinkedAsync();
        rig.Marketo.Change("token-1", "token-2", AnnPerson, "firstName", "Anne", "Ann");

        var report = await rig.CreateSut().RunAsync(null, CancellationToken.None);

        Assert.True(report.Completed);
        Assert.Empty(rig.Crm.Writes);
        Assert.Equal(0, rig.Marketo.SyncLeadsCalls);
        Assert.Equal(1, report.Statistics?.MarketoEchoesDropped);
        Assert.Equal("Ann", await rig.ShadowAsync(AnnPerson, "firstName"));
        Assert.Equal("token-2", await rig.State.GetCursorAsync(CursorNames.MarketoPagingToken));
        Assert.Equal((1, 0, 0), (report.Record.MarketoRead, report.Record.CrmWritten, report.Record.MarketoWritten));
    }
}
