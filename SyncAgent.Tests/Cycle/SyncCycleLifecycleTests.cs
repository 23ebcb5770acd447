using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Marketo;
using static CrmSync.SyncAgent.Tests.Cycle.CycleRig;

namespace CrmSync.SyncAgent.Tests.Cycle;

/// <summary>The cycle's lifecycle steps (DESIGN B17) on the fakes: the deleted field, Dynamics merges and Marketo merges, with their failure paths.</summary>
public sealed class SyncCycleLifecycleTests
{
    private const string Deleted = "crmsyncDeletedInDynamics";
    private static readonly RecordKey Bea = new(SyncEntity.Lead, new Guid("00000000-0000-0000-0000-00000000b0ea"));
    private const long BeaPerson = 502;

    [Fact]
    public async Task RunAsync_LinkedLeadDeletedWithDeletedField_MarksPersonTrueAndUnlinks()
    {
        await using var rig = await CreateLinkedAsync();
        rig.Sync.DeletedField = Deleted;
        rig.Crm.Stage(StagingId(1), Ann, "Delete");

        var report = await rig.CreateSut().RunAsync(null, CancellationToken.None);

        Assert.True(report.Completed);
        Assert.Equal("true", rig.Marketo.Persons[AnnPerson][Deleted]);
        Assert.Null(await rig.State.FindLinkAsync(Ann));
        Assert.Equal(1, report.Record.MarketoWritten);
    }

    [Fact]
    public async Task RunAsync_DeletedFieldRefusedByMarketo_RecordsRejectionAndStillUnlinks()
    {
        await using var rig = await CreateLinkedAsync();
        rig.Sync.DeletedField = Deleted;
        rig.Marketo.RefuseField = (Deleted, new MarketoReason { Code = "1006", Message = $"Field '{Deleted}' not found" });
        rig.Crm.Stage(StagingId(1), Ann, "Delete");

        var report = await rig.CreateSut().RunAsync(null, CancellationToken.None);

        Assert.True(report.Completed);
        var rejection = Assert.Single(await rig.State.SearchRejectionsAsync(new CrmSync.SyncAgent.State.RejectionQuery()));
        Assert.Equal(("Mark deleted", "1006", AnnPerson), (rejection.Operation, rejection.ErrorCode, rejection.MarketoId));
        Assert.Null(await rig.State.FindLinkAsync(Ann));
    }

    [Fact]
    public async Task RunAsync_MergeOfTwoLinkedLeads_MergesPersonsMasterWinning()
    {
        await using var rig = await CreateWithBeaAsync();
        StageMerge(rig, master: Ann, subordinate: Bea);

        var report = await rig.CreateSut().RunAsync(null, CancellationToken.None);

        Assert.True(report.Completed);
        Assert.Equal([(AnnPerson, BeaPerson)], rig.Marketo.Merges);
        Assert.Equal("ann@example.com", rig.Marketo.Persons[AnnPerson]["email"]);
        Assert.False(rig.Marketo.Persons.ContainsKey(BeaPerson));
        Assert.Equal(AnnPerson, (await rig.State.FindLinkAsync(Ann))?.MarketoId);
        Assert.Null(await rig.State.FindLinkAsync(Bea));
    }

    [Fact]
    public async Task RunAsync_MergeLeadsRefused_ReportsOnTheMasterAndDropsTheSubordinatesLink()
    {
        await using var rig = await CreateWithBeaAsync();
        rig.Marketo.FailMerge = new MarketoApiException("1003", "Invalid data");
        StageMerge(rig, master: Ann, subordinate: Bea);

        var report = await rig.CreateSut().RunAsync(null, CancellationToken.None);

        Assert.True(report.Completed);
        var rejection = Assert.Single(await rig.State.SearchRejectionsAsync(new CrmSync.SyncAgent.State.RejectionQuery()));
        Assert.Equal(("Merge", "1003", Ann), (rejection.Operation, rejection.ErrorCode, rejection.Record));
        Assert.Contains($"merge person {BeaPerson}", rejection.Message, StringComparison.Ordinal);
        Assert.Null(await rig.State.FindLinkAsync(Bea));
        Assert.True(rig.Marketo.Persons.ContainsKey(BeaPerson));
    }

    [Fact]
    public async Task RunAsync_MergeLeadsFindsAPersonGone_CompletesWithoutRejection()
    {
        await using var rig = await CreateWithBeaAsync();
        rig.Marketo.FailMerge = new MarketoApiException("1004", "Lead not found");
        StageMerge(rig, master: Ann, subordinate: Bea);

        var report = await rig.CreateSut().RunAsync(null, CancellationToken.None);

        Assert.True(report.Completed);
        Assert.Empty(await rig.State.SearchRejectionsAsync(new CrmSync.SyncAgent.State.RejectionQuery()));
        Assert.Null(await rig.State.FindLinkAsync(Bea));
    }

    [Fact]
    public async Task RunAsync_MarketoMergeOfTwoLinkedPersons_UnlinksAndReportsTheLoser()
    {
        await using var rig = await CreateWithBeaAsync();
        rig.Marketo.MergeActivities.Add(new LeadMerge(AnnPerson, [BeaPerson]));

        var report = await rig.CreateSut().RunAsync(null, CancellationToken.None);

        Assert.True(report.Completed);
        Assert.Equal(AnnPerson, (await rig.State.FindLinkAsync(Ann))?.MarketoId);
        Assert.Null(await rig.State.FindLinkAsync(Bea));
        var rejection = Assert.Single(await rig.State.SearchRejectionsAsync(new CrmSync.SyncAgent.State.RejectionQuery()));
        Assert.Equal(("merged-in-marketo", Bea, AnnPerson), (rejection.ErrorCode, rejection.Record, rejection.MarketoId));
        Assert.DoesNotContain(rig.Crm.Writes, w => w.Entity is "lead" or "contact");
        Assert.Equal("crmsync_syncresult", Assert.Single(rig.Crm.Writes).Entity);
    }

    private static async Task<CycleRig> CreateWithBeaAsync()
    {
        var rig = await CreateLinkedAsync();
        rig.Crm.Add(Bea, ("emailaddress1", "bea@example.com"), ("lastname", "Lee"));
        rig.Marketo.Add(BeaPerson, ("email", "bea@example.com"), ("lastName", "Lee"), ("phone", "555-0101"));
        await rig.LinkAsync(BeaPerson, Bea, ("email", "bea@example.com"), ("lastName", "Lee"));
        return rig;
    }

    private static void StageMerge(CycleRig rig, RecordKey master, RecordKey subordinate)
    {
        var row = rig.Crm.Stage(StagingId(1), master, "Merge");
        rig.Crm.Staging[^1] = row with { SubordinateId = subordinate.Id };
    }
}
