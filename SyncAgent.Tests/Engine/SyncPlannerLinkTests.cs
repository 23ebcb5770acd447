using CrmSync.Staging;
using CrmSync.SyncAgent.Engine;
using static CrmSync.SyncAgent.Tests.Engine.PlanData;

namespace CrmSync.SyncAgent.Tests.Engine;

public class SyncPlannerLinkTests
{
    private static readonly Link LeadLink = new(300, Lead(3));

    [Fact]
    public void Plan_ContactCreatedFromLinkedLead_RelinksAndContactRuleApplies()
    {
        var contact = Contact(4);
        var plan = SyncPlanner.Plan(Input(
            crm: [Crm(contact, CrmMessage.Create, T0, LeadLink.Record.Id, ("emailaddress1", "ann@example.com"), ("jobtitle", "Buyer"))],
            marketo: [Mkt(300, ("title", "Marketo title"))],
            links: [LeadLink],
            shadows: [Shadow(300, "email", "ann@example.com"), Shadow(300, "title", "Old")]));

        var change = Assert.Single(plan.LinkChanges);
        Assert.Equal(new LinkChange(LinkChangeKind.Relink, 300, LeadLink.Record, contact), change);
        Assert.Empty(plan.MarketoCreates);
        var update = Assert.Single(plan.MarketoUpdates);
        Assert.Equal(contact, update.Link.Record);
        Assert.Equal(V("Buyer"), Single(update.Fields).Value);
        Assert.Equal(CollisionResolution.DynamicsWins, Assert.Single(plan.Collisions).Resolution);
    }

    [Fact]
    public void Plan_ContactCreatedFromUnlinkedLead_UpsertsByEmail()
    {
        var plan = SyncPlanner.Plan(Input(
            crm: [Crm(Contact(4), CrmMessage.Create, T0, Id(99), ("emailaddress1", "bo@example.com"))]));

        Assert.Empty(plan.LinkChanges);
        Assert.Equal(Contact(4), Assert.Single(plan.MarketoCreates).Record);
    }

    [Fact]
    public void Plan_LinkedRecordDeleted_UnlinksWithoutWrites()
    {
        var plan = SyncPlanner.Plan(Input(
            crm: [Crm(LeadLink.Record, CrmMessage.Delete)],
            marketo: [Mkt(300, ("title", "Late change"))],
            links: [LeadLink]));

        Assert.Equal(new LinkChange(LinkChangeKind.Unlink, 300, LeadLink.Record, null), Assert.Single(plan.LinkChanges));
        Assert.Equal(0, plan.WriteCount);
        var collision = Assert.Single(plan.Collisions);
        Assert.Equal(CollisionType.ChangedOnDeletedRecord, collision.Type);
        Assert.Equal(CollisionResolution.Unlink, collision.Resolution);
    }

    [Fact]
    public void Plan_UnlinkedRecordDeleted_DoesNothing()
    {
        var plan = SyncPlanner.Plan(Input(crm: [Crm(Lead(8), CrmMessage.Delete)]));

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void Plan_UnlinkedRecordWithSyncFilterNo_IsIgnored()
    {
        var plan = SyncPlanner.Plan(Input(
            crm: [Crm(Lead(9), CrmMessage.Create, ("emailaddress1", "x@example.com"), (SyncFilter.AttributeName, "false"))]));

        Assert.True(plan.IsEmpty);
        Assert.Equal(1, plan.Statistics.IgnoredFiltered);
    }

    [Fact]
    public void Plan_LinkedRecordSyncFilterSetToNo_UnlinksAndIgnoresBothSides()
    {
        var plan = SyncPlanner.Plan(Input(
            crm: [Crm(LeadLink.Record, CrmMessage.Update, (SyncFilter.AttributeName, "false"))],
            marketo: [Mkt(300, ("title", "CTO"))],
            links: [LeadLink]));

        Assert.Equal(new LinkChange(LinkChangeKind.FilteredOut, 300, LeadLink.Record, null), Assert.Single(plan.LinkChanges));
        Assert.Equal(0, plan.WriteCount);
        Assert.Empty(plan.ShadowUpdates);
        Assert.Equal(1, plan.Statistics.IgnoredFiltered);
    }

    [Fact]
    public void Plan_SyncFilterFlippedToYes_SendsWholeRecord()
    {
        var plan = SyncPlanner.Plan(Input(
            crm: [Crm(LeadLink.Record, CrmMessage.Update, ("telephone1", "555"), ("firstname", "Ann"), (SyncFilter.AttributeName, "true"))],
            links: [LeadLink],
            shadows: [Shadow(300, "firstName", "Ann")]));

        Assert.Equal(V("555"), Single(Assert.Single(plan.MarketoUpdates).Fields).Value);
        Assert.Equal(1, plan.Statistics.Echoes);
    }

    [Fact]
    public void Plan_RejectedValue_NotRetriedUntilFieldChangesAgain()
    {
        RejectedWrite[] rejections = [new(SyncDirection.ToDynamics, LeadLink.Record, "title", V("Bad"))];

        var same = SyncPlanner.Plan(Input(marketo: [Mkt(300, ("title", "Bad"))], links: [LeadLink], rejections: rejections));
        var changed = SyncPlanner.Plan(Input(marketo: [Mkt(300, ("title", "Good"))], links: [LeadLink], rejections: rejections));

        Assert.Empty(same.DynamicsUpdates);
        Assert.Equal(1, same.Statistics.SuppressedRejected);
        Assert.Empty(same.ResolvedRejections);
        Assert.Equal(V("Good"), Single(Assert.Single(changed.DynamicsUpdates).Fields).Value);
        Assert.Equal([new ResolvedRejection(LeadLink.Record, "title")], changed.ResolvedRejections);
    }

    [Fact]
    public void Plan_TargetSideChangesRejectedField_ResolvesRejection()
    {
        RejectedWrite[] rejections = [new(SyncDirection.ToDynamics, LeadLink.Record, "title", V("Bad"))];

        var plan = SyncPlanner.Plan(Input(
            crm: [Crm(LeadLink.Record, CrmMessage.Update, ("jobtitle", "Fixed in Dynamics"))], links: [LeadLink], rejections: rejections));

        Assert.Equal([new ResolvedRejection(LeadLink.Record, "title")], plan.ResolvedRejections);
        Assert.Single(plan.MarketoUpdates);
    }

    [Fact]
    public void Plan_UnlinkedMarketoChange_IsIgnoredAndCounted()
    {
        var plan = SyncPlanner.Plan(Input(marketo: [Mkt(999, ("title", "CTO")), Mkt(998, ("email", "new@example.com"))]));

        Assert.True(plan.IsEmpty);
        Assert.Equal(2, plan.Statistics.IgnoredUnlinkedMarketo);
    }

    [Fact]
    public void Plan_UnlinkedDynamicsCreate_UpsertsByEmailAndLinksOnAnswer()
    {
        var plan = SyncPlanner.Plan(Input(
            crm: [Crm(Contact(7), CrmMessage.Create, ("emailaddress1", "Cy@Example.com"), ("lastname", "Cy"), ("companyname", "n/a"))]));

        var create = Assert.Single(plan.MarketoCreates);
        Assert.Equal(V("cy@example.com", FieldKind.Email), create.Email);
        Assert.Equal(["email", "lastName"], create.Fields.Select(f => f.Map.Marketo));
        Assert.Equal(new Link(42, Contact(7)), create.LinkFor(42));
        Assert.Contains(Shadow(42, "lastName", "Cy"), create.Shadows(42));
    }

    [Fact]
    public void Plan_TwoUnlinkedRecordsWithOneEmail_UpsertsOnce()
    {
        var plan = SyncPlanner.Plan(Input(crm:
        [
            Crm(Lead(10), CrmMessage.Create, ("emailaddress1", "dup@example.com")),
            Crm(Contact(11), CrmMessage.Create, ("emailaddress1", "DUP@example.com")),
        ]));

        Assert.Equal(Lead(10), Assert.Single(plan.MarketoCreates).Record);
        Assert.Equal(1, plan.Statistics.DuplicateEmails);
    }

    [Fact]
    public void Plan_UnlinkedUpdateWithoutEmail_AsksForWholeRecord()
    {
        var plan = SyncPlanner.Plan(Input(crm: [Crm(Lead(12), CrmMessage.Update, ("telephone1", "1"))]));

        Assert.Empty(plan.MarketoCreates);
        Assert.Equal([Lead(12)], plan.UnlinkedWithoutEmail);
    }

    [Fact]
    public void Plan_UnlinkedCreateWithRejectedEmail_IsNotRetried()
    {
        var plan = SyncPlanner.Plan(Input(
            crm: [Crm(Lead(13), CrmMessage.Create, ("emailaddress1", "not-an-email"))],
            rejections: [new RejectedWrite(SyncDirection.ToMarketo, Lead(13), "email", V("not-an-email", FieldKind.Email))]));

        Assert.Empty(plan.MarketoCreates);
        Assert.Empty(plan.UnlinkedWithoutEmail);
        Assert.Equal(1, plan.Statistics.SuppressedRejected);
    }
}
