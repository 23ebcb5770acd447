using CrmSync.SyncAgent.Engine;
using static CrmSync.SyncAgent.Tests.Engine.PlanData;

namespace CrmSync.SyncAgent.Tests.Engine;

public class SyncPlannerTests
{
    private static readonly Link ContactLink = new(100, Contact(1));
    private static readonly Link LeadLink = new(200, Lead(2));

    [Fact]
    public void Plan_DynamicsChangeOnLinkedContact_CopiesToMarketo()
    {
        var plan = SyncPlanner.Plan(Input(
            crm: [Crm(ContactLink.Record, CrmMessage.Update, ("telephone1", "555-2"))],
            links: [ContactLink],
            shadows: [Shadow(100, "phone", "555-1")]));

        var update = Assert.Single(plan.MarketoUpdates);
        Assert.Equal(100, update.Link.MarketoId);
        var field = Single(update.Fields);
        Assert.Equal("phone", field.Map.Marketo);
        Assert.Equal(V("555-2"), field.Value);
        Assert.Empty(plan.DynamicsUpdates);
        Assert.Equal([Shadow(100, "phone", "555-2")], update.Shadows());
    }

    [Fact]
    public void Plan_MarketoChangeOnLinkedContact_CopiesToDynamics()
    {
        var plan = SyncPlanner.Plan(Input(
            marketo: [Mkt(100, ("title", "CTO"))],
            links: [ContactLink],
            shadows: [Shadow(100, "title", "Engineer")]));

        var update = Assert.Single(plan.DynamicsUpdates);
        Assert.Equal(ContactLink.Record, update.Link.Record);
        var field = Single(update.Fields);
        Assert.Equal("jobtitle", field.Map.Dynamics);
        Assert.Equal(V("CTO"), field.Value);
        Assert.Empty(plan.MarketoUpdates);
    }

    [Fact]
    public void Plan_SameFieldChangedOnBothSidesOfLead_MarketoValueWins()
    {
        var plan = SyncPlanner.Plan(Input(
            crm: [Crm(LeadLink.Record, CrmMessage.Update, ("jobtitle", "From Dynamics"))],
            marketo: [Mkt(200, ("title", "From Marketo"))],
            links: [LeadLink],
            shadows: [Shadow(200, "title", "Old")]));

        Assert.Equal(V("From Marketo"), Single(Assert.Single(plan.DynamicsUpdates).Fields).Value);
        Assert.Empty(plan.MarketoUpdates);
        var collision = Assert.Single(plan.Collisions);
        Assert.Equal(CollisionType.BothChanged, collision.Type);
        Assert.Equal(CollisionResolution.MarketoWins, collision.Resolution);
        Assert.Equal(1, plan.Statistics.Collisions);
    }

    [Fact]
    public void Plan_SameFieldChangedOnBothSidesOfContact_DynamicsValueWins()
    {
        var plan = SyncPlanner.Plan(Input(
            crm: [Crm(ContactLink.Record, CrmMessage.Update, ("jobtitle", "From Dynamics"))],
            marketo: [Mkt(100, ("title", "From Marketo"))],
            links: [ContactLink],
            shadows: [Shadow(100, "title", "Old")]));

        Assert.Equal(V("From Dynamics"), Single(Assert.Single(plan.MarketoUpdates).Fields).Value);
        Assert.Empty(plan.DynamicsUpdates);
        Assert.Equal(CollisionResolution.DynamicsWins, Assert.Single(plan.Collisions).Resolution);
    }

    [Fact]
    public void Plan_DifferentFieldsChangedOnEachSide_BothSurvive()
    {
        var plan = SyncPlanner.Plan(Input(
            crm: [Crm(LeadLink.Record, CrmMessage.Update, ("telephone1", "555-9"))],
            marketo: [Mkt(200, ("title", "CTO"))],
            links: [LeadLink],
            shadows: [Shadow(200, "phone", "555-1"), Shadow(200, "title", "Engineer")]));

        Assert.Equal(V("555-9"), Single(Assert.Single(plan.MarketoUpdates).Fields).Value);
        Assert.Equal(V("CTO"), Single(Assert.Single(plan.DynamicsUpdates).Fields).Value);
        Assert.Empty(plan.Collisions);
    }

    [Fact]
    public void Plan_BothSidesChangedToSameValue_OnlyMovesShadow()
    {
        var plan = SyncPlanner.Plan(Input(
            crm: [Crm(LeadLink.Record, CrmMessage.Update, ("address1_city", "Oslo"))],
            marketo: [Mkt(200, ("city", "Oslo"))],
            links: [LeadLink],
            shadows: [Shadow(200, "city", "Bergen")]));

        Assert.Equal(0, plan.WriteCount);
        Assert.Equal([Shadow(200, "city", "Oslo")], plan.ShadowUpdates);
    }

    [Fact]
    public void Plan_DynamicsValueEqualToShadow_IsIgnoredAsEcho()
    {
        var plan = SyncPlanner.Plan(Input(
            crm: [Crm(ContactLink.Record, CrmMessage.Update, ("telephone1", "555-1"))],
            links: [ContactLink],
            shadows: [Shadow(100, "phone", "555-1")]));

        Assert.True(plan.IsEmpty);
        Assert.Equal(1, plan.Statistics.Echoes);
    }

    [Fact]
    public void Plan_MarketoReportsWhatAgentLastWrote_NextCycleIsEmpty()
    {
        var first = SyncPlanner.Plan(Input(
            crm: [Crm(ContactLink.Record, CrmMessage.Update, ("telephone1", "555-2"))],
            links: [ContactLink],
            shadows: [Shadow(100, "phone", "555-1")]));
        var shadowsAfterWrite = Assert.Single(first.MarketoUpdates).Shadows().ToList();

        var second = SyncPlanner.Plan(Input(
            marketo: [Mkt(100, ("phone", "555-2"))],
            links: [ContactLink],
            shadows: shadowsAfterWrite));

        Assert.True(second.IsEmpty);
        Assert.Equal(0, second.WriteCount);
    }

    [Fact]
    public void Plan_NoChanges_ReturnsEmptyPlan()
    {
        var plan = SyncPlanner.Plan(Input(links: [ContactLink, LeadLink], shadows: [Shadow(100, "phone", "1")]));

        Assert.True(plan.IsEmpty);
        Assert.Equal(0, plan.Statistics.FieldsDecided);
    }

    [Fact]
    public void Plan_SeveralChangesOfOneRecord_LatestValueWins()
    {
        var plan = SyncPlanner.Plan(Input(
            crm:
            [
                Crm(ContactLink.Record, CrmMessage.Update, ("telephone1", "555-2")),
                Crm(ContactLink.Record, CrmMessage.Update, T0.AddMinutes(1), null, ("telephone1", "555-3"), ("jobtitle", "CEO")),
            ],
            marketo: [Mkt(100, T0.AddMinutes(2), ("city", "Rome")), Mkt(100, T0, ("city", "Paris"))],
            links: [ContactLink]));

        var toMarketo = Assert.Single(plan.MarketoUpdates).Fields;
        Assert.Equal(V("555-3"), toMarketo.Single(f => f.Map.Marketo == "phone").Value);
        Assert.Equal(V("CEO"), toMarketo.Single(f => f.Map.Marketo == "title").Value);
        Assert.Equal(V("Rome"), Single(Assert.Single(plan.DynamicsUpdates).Fields).Value);
    }

    [Fact]
    public void Plan_MarketoFieldNotMappedForContact_IsIgnored()
    {
        var plan = SyncPlanner.Plan(Input(marketo: [Mkt(100, ("company", "Contoso"))], links: [ContactLink]));

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void Plan_FieldOverrideNewest_LaterChangeWinsOnContact()
    {
        var maps = DefaultFieldMapping.Maps.Select(m => m.Marketo == "title" ? m with { Winner = CollisionWinner.Newest } : m);
        var input = Input(
            crm: [Crm(ContactLink.Record, CrmMessage.Update, T0, null, ("jobtitle", "Older"))],
            marketo: [Mkt(100, T0.AddSeconds(30), ("title", "Newer"))],
            links: [ContactLink]);

        var plan = SyncPlanner.Plan(new PlanInput
        {
            CrmChanges = input.CrmChanges, MarketoChanges = input.MarketoChanges, Links = input.Links, Mapping = new FieldMapping(maps),
        });

        Assert.Equal(V("Newer"), Single(Assert.Single(plan.DynamicsUpdates).Fields).Value);
    }

    [Fact]
    public void KeysOf_ContactFromLead_IncludesOriginatingLead()
    {
        var keys = SyncPlanner.KeysOf([Crm(Contact(5), CrmMessage.Create, T0, Id(6))], [Mkt(7, ("phone", "1"))]);

        Assert.Contains(Contact(5), keys.Records);
        Assert.Contains(Lead(6), keys.Records);
        Assert.Equal([7L], keys.MarketoIds);
    }
}
