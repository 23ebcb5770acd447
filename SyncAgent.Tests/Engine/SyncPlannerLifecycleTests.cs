using CrmSync.SyncAgent.Engine;
using static CrmSync.SyncAgent.Tests.Engine.PlanData;

namespace CrmSync.SyncAgent.Tests.Engine;

/// <summary>The Engine's lifecycle decisions (DESIGN B17): the deleted mark, Dynamics merges and Marketo merges, as a table of cases.</summary>
public class SyncPlannerLifecycleTests
{
    private static readonly Link Master = new(100, Contact(1));
    private static readonly Link Subordinate = new(101, Contact(2));

    [Theory]
    [InlineData(null, 0)]
    [InlineData("crmsyncDeletedInDynamics", 1)]
    public void Plan_LinkedRecordDeleted_MarksThePersonOnlyWithTheField(string? deletedField, int flags)
    {
        var plan = SyncPlanner.Plan(With(Input(crm: [Crm(Master.Record, CrmMessage.Delete)], links: [Master]), deletedField));

        Assert.Equal(LinkChangeKind.Unlink, Assert.Single(plan.LinkChanges).Kind);
        Assert.Equal(flags, plan.MarketoFlags.Count);
        Assert.All(plan.MarketoFlags, f => Assert.Equal(new MarketoFlag(100, "crmsyncDeletedInDynamics", true), f));
    }

    [Fact]
    public void Plan_UnlinkedRecordCreatedWithDeletedField_ClearsTheFieldOnTheMatchedPerson()
    {
        var plan = SyncPlanner.Plan(With(Input(crm: [Crm(Contact(3), CrmMessage.Create, ("emailaddress1", "x@example.com"))]), "crmsyncDeletedInDynamics"));

        Assert.Equal("crmsyncDeletedInDynamics", Assert.Single(plan.MarketoCreates).ClearsDeletedField);
    }

    [Fact]
    public void Plan_MergeOfTwoLinkedRecords_MergesTheSubordinatesPersonIntoTheMasters()
    {
        var plan = SyncPlanner.Plan(Input(crm: [Merge(Master.Record, Subordinate.Record)], links: [Master, Subordinate]));

        Assert.Equal(new MarketoMerge(100, 101, Master.Record, Subordinate.Record), Assert.Single(plan.MarketoMerges));
        var change = Assert.Single(plan.LinkChanges);
        Assert.Equal((LinkChangeKind.Merged, 101L, UnlinkReasons.MergedInDynamics(Master.Record)), (change.Kind, change.MarketoId, change.UnlinkReason));
        Assert.Empty(plan.MarketoCreates);
    }

    [Fact]
    public void Plan_MergeIntoUnlinkedMaster_MovesTheLink()
    {
        var plan = SyncPlanner.Plan(Input(crm: [Merge(Master.Record, Subordinate.Record)], links: [Subordinate]));

        Assert.Equal(new LinkChange(LinkChangeKind.Relink, 101, Subordinate.Record, Master.Record), Assert.Single(plan.LinkChanges));
        Assert.Empty(plan.MarketoMerges);
        Assert.Empty(plan.UnlinkedWithoutEmail);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Plan_SubordinatesDeactivationStagedWithTheMerge_WritesNothingForTheSubordinate(bool subordinateLinked)
    {
        // Merge deactivates the subordinate, and the Update step stages that change beside the Merge row.
        var deactivated = Crm(Subordinate.Record, CrmMessage.Update, ("emailaddress1", "grace@example.com"), ("jobtitle", "Merged away"));
        var links = subordinateLinked ? new[] { Master, Subordinate } : [Master];

        var plan = SyncPlanner.Plan(Input(crm: [deactivated, Merge(Master.Record, Subordinate.Record)], links: links));

        Assert.Empty(plan.MarketoCreates);
        Assert.Empty(plan.MarketoUpdates);
        Assert.DoesNotContain(plan.LinkChanges, c => c.Kind == LinkChangeKind.Relink);
        Assert.Equal(subordinateLinked ? 1 : 0, plan.MarketoMerges.Count);
    }

    [Fact]
    public void Plan_MergeOfUnlinkedSubordinate_DoesNothing()
    {
        var plan = SyncPlanner.Plan(Input(crm: [Merge(Master.Record, Subordinate.Record)], links: [Master]));

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void Plan_MarketoMergeOfTwoLinkedPersons_UnlinksTheLoserAndReportsIt()
    {
        var plan = SyncPlanner.Plan(Persons(Input(marketo: [Mkt(101, ("title", "Gone"))], links: [Master, Subordinate]), new PersonMerge(100, [101])));

        var change = Assert.Single(plan.LinkChanges);
        Assert.Equal((LinkChangeKind.MergedInMarketo, 101L, UnlinkReasons.MergedInMarketo(100)), (change.Kind, change.MarketoId, change.UnlinkReason));
        Assert.Equal(new MergedAway(101, 100, Subordinate.Record, Master.Record), Assert.Single(plan.MergedAway));
        Assert.Empty(plan.DynamicsUpdates);
    }

    [Fact]
    public void Plan_MarketoMergeIntoUnlinkedPerson_TheSurvivorAdoptsTheRecord()
    {
        var plan = SyncPlanner.Plan(Persons(Input(links: [Subordinate]), new PersonMerge(555, [101])));

        Assert.Equal(new Link(555, Subordinate.Record), Assert.Single(plan.AdoptedLinks));
        Assert.Empty(plan.MergedAway);
    }

    [Fact]
    public void Plan_MarketoMergeOfUnlinkedPersons_DoesNothing()
    {
        var plan = SyncPlanner.Plan(Persons(Input(links: [Master]), new PersonMerge(100, [777])));

        Assert.True(plan.IsEmpty);
    }

    private static CrmChange Merge(RecordKey master, RecordKey subordinate) =>
        new(master, CrmMessage.Merge, new Dictionary<string, FieldValue>(), T0, null, subordinate.Id);

    private static PlanInput With(PlanInput input, string? deletedField) => new()
    {
        CrmChanges = input.CrmChanges, MarketoChanges = input.MarketoChanges, Links = input.Links, Shadows = input.Shadows,
        Rejections = input.Rejections, EmailOwners = input.EmailOwners, DeletedField = deletedField,
    };

    private static PlanInput Persons(PlanInput input, params PersonMerge[] merges) => new()
    {
        CrmChanges = input.CrmChanges, MarketoChanges = input.MarketoChanges, Links = input.Links, Shadows = input.Shadows,
        Rejections = input.Rejections, EmailOwners = input.EmailOwners, PersonMerges = merges,
    };
}
