using CrmSync.SyncAgent.Engine;
using static CrmSync.SyncAgent.Tests.Engine.PlanData;

namespace CrmSync.SyncAgent.Tests.Engine;

/// <summary>Issue 18 items 1 and 2 as engine decisions: an e-mail held by a person linked to another record is never written.</summary>
public class SyncPlannerEmailOwnerTests
{
    private static readonly FieldValue Shared = V("shared@example.com", FieldKind.Email);

    public enum Holder
    {
        Nobody,
        UnlinkedPerson,
        PersonLinkedToOtherRecord,
    }

    [Theory]
    [InlineData(Holder.Nobody, true)]
    [InlineData(Holder.UnlinkedPerson, true)]
    [InlineData(Holder.PersonLinkedToOtherRecord, false)]
    public void Plan_UnlinkedRecordByHolderOfItsEmail_CreatesOnlyWhenNoOtherRecordsPersonHoldsIt(Holder holder, bool creates)
    {
        var plan = SyncPlanner.Plan(Input(crm: [Crm(Lead(2), CrmMessage.Create, ("emailaddress1", "Shared@Example.com"), ("jobtitle", "Intern"))], owners: Owners(holder)));

        Assert.Equal(creates, plan.MarketoCreates.Count == 1);
        Assert.Equal(creates ? 0 : 1, plan.EmailConflicts.Count);
        Assert.Empty(plan.MarketoUpdates);
        Assert.Empty(plan.DuplicateEmails);
    }

    [Fact]
    public void Plan_UnlinkedRecordWithEmailOfPersonLinkedElsewhere_ConflictNamesBothRecordsAndPerson()
    {
        var plan = SyncPlanner.Plan(Input(crm: [Crm(Lead(2), CrmMessage.Create, ("emailaddress1", "shared@example.com"))], owners: [new EmailOwner(Shared, 100, Contact(1))]));

        Assert.Equal(new EmailConflict(Lead(2), null, Shared, new EmailOwner(Shared, 100, Contact(1))), Assert.Single(plan.EmailConflicts));
        Assert.False(plan.IsEmpty);
    }

    [Theory]
    [InlineData("delete")]
    [InlineData("filter")]
    public void Plan_HolderUnlinkedInTheSamePlan_NewRecordLinksItsPerson(string how)
    {
        // Delete the duplicate (or set its sync filter to No) and create the record again in one cycle.
        var leaving = how == "delete"
            ? Crm(Contact(1), CrmMessage.Delete)
            : Crm(Contact(1), CrmMessage.Update, ("crmsync_synctomarketo", "false"));
        var plan = SyncPlanner.Plan(Input(
            crm: [leaving, Crm(Lead(2), CrmMessage.Create, ("emailaddress1", "shared@example.com"))],
            links: [new Link(100, Contact(1))],
            owners: [new EmailOwner(Shared, 100, Contact(1))]));

        Assert.Equal(Lead(2), Assert.Single(plan.MarketoCreates).Record);
        Assert.Empty(plan.EmailConflicts);
    }

    [Fact]
    public void Plan_OrphanUpdateWhoseEmailWasRefused_StaysSuppressedWithoutNewConflict()
    {
        var plan = SyncPlanner.Plan(Input(
            crm: [Crm(Lead(2), CrmMessage.Update, ("emailaddress1", "shared@example.com"), ("jobtitle", "Intern"))],
            rejections: [new RejectedWrite(SyncDirection.ToMarketo, Lead(2), "email", Shared)], owners: [new EmailOwner(Shared, 100, Contact(1))]));

        Assert.Empty(plan.MarketoCreates);
        Assert.Empty(plan.EmailConflicts);
        Assert.Equal(1, plan.Statistics.SuppressedRejected);
    }

    [Fact]
    public void Plan_UnlinkedRecordWithBlankValues_BlanksAreNotWrittenIntoTheMatchedPerson()
    {
        // Backfill's old rule, now the engine's one rule for every path that links a record by e-mail.
        var plan = SyncPlanner.Plan(Input(crm: [Crm(Contact(5), CrmMessage.Update, ("emailaddress1", "ada@example.com"), ("lastname", "Lovelace"), ("jobtitle", null), ("telephone1", ""))]));

        var create = Assert.Single(plan.MarketoCreates);
        Assert.Equal(["email", "lastName"], create.Fields.Select(f => f.Map.Marketo));
    }

    [Fact]
    public void Plan_UnlinkedRecordWithRejectedValue_LeavesThatValueOut()
    {
        // Backfill used to write values refused earlier; the engine's rule suppresses them until they change.
        var plan = SyncPlanner.Plan(Input(
            crm: [Crm(Contact(5), CrmMessage.Update, ("emailaddress1", "ada@example.com"), ("jobtitle", "Refused"), ("lastname", "Lovelace"))],
            rejections: [new RejectedWrite(SyncDirection.ToMarketo, Contact(5), "title", V("Refused"))]));

        Assert.Equal(["email", "lastName"], Assert.Single(plan.MarketoCreates).Fields.Select(f => f.Map.Marketo));
        Assert.Equal(1, plan.Statistics.SuppressedRejected);
    }

    [Theory]
    [InlineData(Holder.Nobody, true)]
    [InlineData(Holder.UnlinkedPerson, true)]
    [InlineData(Holder.PersonLinkedToOtherRecord, false)]
    public void Plan_LinkedRecordEmailChange_WrittenOnlyWhenNoOtherRecordsPersonHoldsIt(Holder holder, bool written)
    {
        var plan = SyncPlanner.Plan(Input(
            crm: [Crm(Contact(3), CrmMessage.Update, ("emailaddress1", "shared@example.com"), ("jobtitle", "Moved"))],
            links: [new Link(300, Contact(3))],
            shadows: [Shadow(300, "email", "mover@example.com"), Shadow(300, "title", "Old")], owners: Owners(holder)));

        var update = Assert.Single(plan.MarketoUpdates);
        Assert.Equal(written ? ["email", "title"] : ["title"], update.Fields.Select(f => f.Map.Marketo));
        Assert.Equal(written ? 0 : 1, plan.EmailConflicts.Count);
    }

    [Fact]
    public void Plan_LinkedRecordEmailChangeRefused_ConflictNamesOwnPersonAndOtherRecord()
    {
        var plan = SyncPlanner.Plan(Input(
            crm: [Crm(Contact(3), CrmMessage.Update, ("emailaddress1", "shared@example.com"))],
            links: [new Link(300, Contact(3))],
            shadows: [Shadow(300, "email", "mover@example.com")], owners: [new EmailOwner(Shared, 100, Lead(1))]));

        Assert.Equal(new EmailConflict(Contact(3), 300, Shared, new EmailOwner(Shared, 100, Lead(1))), Assert.Single(plan.EmailConflicts));
        Assert.Empty(plan.MarketoUpdates);
        Assert.Empty(plan.ShadowUpdates);
    }

    [Fact]
    public void Plan_LinkedRecordEmailHeldByItsOwnPerson_Written()
    {
        // A change of case only: the holder Marketo reports is the record's own person.
        var plan = SyncPlanner.Plan(Input(
            crm: [Crm(Contact(3), CrmMessage.Update, ("emailaddress1", "Shared@Example.com"))],
            links: [new Link(300, Contact(3))],
            shadows: [Shadow(300, "email", "old@example.com")], owners: [new EmailOwner(Shared, 300, Contact(3))]));

        Assert.Equal(["email"], Assert.Single(plan.MarketoUpdates).Fields.Select(f => f.Map.Marketo));
        Assert.Empty(plan.EmailConflicts);
    }

    [Fact]
    public void Plan_MarketoEmailChangeOfLinkedPerson_CopiedToDynamicsRegardlessOfHolders()
    {
        var plan = SyncPlanner.Plan(Input(
            marketo: [Mkt(300, ("email", "shared@example.com"))],
            links: [new Link(300, Contact(3))],
            shadows: [Shadow(300, "email", "old@example.com")], owners: [new EmailOwner(Shared, 100, Lead(1))]));

        Assert.Equal(["email"], Assert.Single(plan.DynamicsUpdates).Fields.Select(f => f.Map.Marketo));
        Assert.Empty(plan.EmailConflicts);
    }

    private static EmailOwner[] Owners(Holder holder) => holder switch
    {
        Holder.UnlinkedPerson => [new EmailOwner(Shared, 100, null)],
        Holder.PersonLinkedToOtherRecord => [new EmailOwner(Shared, 100, Contact(1))],
        _ => [],
    };
}
