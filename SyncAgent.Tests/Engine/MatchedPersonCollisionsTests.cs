using CrmSync.SyncAgent.Engine;
using static CrmSync.SyncAgent.Tests.Engine.PlanData;

namespace CrmSync.SyncAgent.Tests.Engine;

/// <summary>
/// Issue 18 item 6 as an engine decision: a record matched by e-mail to a person whose values are known (the first run)
/// gets the collision rule per differing field, as a table over entity × override × direction.
/// </summary>
public class MatchedPersonCollisionsTests
{
    private const long Person = 100;

    [Theory]
    [InlineData("Lead", "Default", "Both", "marketo")]
    [InlineData("Contact", "Default", "Both", "dynamics")]
    [InlineData("Lead", "Dynamics", "Both", "dynamics")]
    [InlineData("Contact", "Marketo", "Both", "marketo")]
    // No per-field change times in a first run: newest falls back to the entity rule.
    [InlineData("Lead", "Newest", "Both", "marketo")]
    [InlineData("Contact", "Newest", "Both", "dynamics")]
    // One-way fields have no collision (DESIGN B15): toMarketo sends the record's value.
    [InlineData("Lead", "Default", "ToMarketo", "none")]
    public void Plan_MatchedPersonHoldsADifferentValue_TheRuleDecides(string entityName, string winnerName, string directionName, string expected)
    {
        var entity = Enum.Parse<SyncEntity>(entityName);
        var winner = Enum.Parse<CollisionWinner>(winnerName);
        var direction = Enum.Parse<FieldDirection>(directionName);
        var record = new RecordKey(entity, Id(1));
        var mapping = new FieldMapping([
            new FieldMap(entity, "email", "emailaddress1", FieldKind.Email, CollisionWinner.Default),
            new FieldMap(entity, "title", "jobtitle", FieldKind.Text, winner) { Direction = direction },
        ]);
        var owner = new EmailOwner(V("ann@example.com", FieldKind.Email), Person, null, new Dictionary<string, FieldValue>
        {
            ["email"] = V("ANN@example.com", FieldKind.Email), ["title"] = V("CFO (Marketo)"),
        });

        var plan = SyncPlanner.Plan(new PlanInput
        {
            CrmChanges = [Crm(record, CrmMessage.Update, ("emailaddress1", "ann@example.com"), ("jobtitle", "CEO (Dynamics)"))],
            EmailOwners = [owner],
            Mapping = mapping,
        });

        string? sent = Assert.Single(plan.MarketoCreates).Fields.Where(f => f.Map.Marketo == "title").Select(f => f.Value.Text).SingleOrDefault();
        string? toDynamics = plan.DynamicsUpdates.SelectMany(u => u.Fields).Select(f => f.Value.Text).SingleOrDefault();
        switch (expected)
        {
            case "marketo":
                Assert.Equal(((string?)null, (string?)"CFO (Marketo)"), (sent, toDynamics));
                Assert.Equal(new Link(Person, record), plan.DynamicsUpdates.Single().Link);
                Assert.Equal(CollisionResolution.MarketoWins, Assert.Single(plan.Collisions).Resolution);
                break;
            case "dynamics":
                Assert.Equal(((string?)"CEO (Dynamics)", (string?)null), (sent, toDynamics));
                Assert.Equal(CollisionResolution.DynamicsWins, Assert.Single(plan.Collisions).Resolution);
                break;
            default:
                Assert.Equal(((string?)"CEO (Dynamics)", (string?)null), (sent, toDynamics));
                Assert.Empty(plan.Collisions);
                break;
        }
    }

    [Theory]
    [InlineData("CEO", null)]
    [InlineData("CEO", "CEO")]
    [InlineData(null, "CFO")]
    public void Plan_BlankOrEqualOnEitherSide_IsNoCollision(string? dynamics, string? marketo)
    {
        var owner = new EmailOwner(V("ann@example.com", FieldKind.Email), Person, null, new Dictionary<string, FieldValue> { ["title"] = V(marketo) });

        var plan = SyncPlanner.Plan(Input(crm: [Crm(Lead(1), CrmMessage.Update, ("emailaddress1", "ann@example.com"), ("jobtitle", dynamics))], owners: [owner]));

        Assert.Single(plan.MarketoCreates);
        Assert.Empty(plan.Collisions);
        Assert.Empty(plan.DynamicsUpdates);
    }
}
