using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Tests.Engine;

public class FieldDeciderTests
{
    private static readonly FieldValue S = FieldValue.FromString("shadow");
    private static readonly FieldValue D = FieldValue.FromString("dynamics");
    private static readonly FieldValue M = FieldValue.FromString("marketo");
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Every field case: (shadow?, Dynamics reported?, value, Marketo reported?, value) → expected action and value;
    /// a null action marks the collision case, whose expectation depends on entity × override × timing.</summary>
    private static readonly (string Name, bool HasShadow, bool CrmChanged, FieldValue Crm, bool MarketoChanged, FieldValue Marketo, FieldAction? Action, FieldValue Value)[] Cases =
    [
        ("nothing", true, false, default, false, default, FieldAction.None, default),
        ("dynamics changed", true, true, D, false, default, FieldAction.CopyToMarketo, D),
        ("marketo changed", true, false, default, true, M, FieldAction.CopyToDynamics, M),
        ("dynamics cleared", true, true, FieldValue.Null, false, default, FieldAction.CopyToMarketo, FieldValue.Null),
        ("marketo cleared", true, false, default, true, FieldValue.Null, FieldAction.CopyToDynamics, FieldValue.Null),
        ("dynamics echo", true, true, S, false, default, FieldAction.Echo, default),
        ("marketo echo", true, false, default, true, S, FieldAction.Echo, default),
        ("both echo", true, true, S, true, S, FieldAction.Echo, default),
        ("dynamics changed, marketo echo", true, true, D, true, S, FieldAction.CopyToMarketo, D),
        ("marketo changed, dynamics echo", true, true, S, true, M, FieldAction.CopyToDynamics, M),
        ("both to same value", true, true, D, true, D, FieldAction.Agree, D),
        ("no shadow, dynamics reported", false, true, S, false, default, FieldAction.CopyToMarketo, S),
        ("no shadow, both same", false, true, S, true, S, FieldAction.Agree, S),
        ("both changed, different", true, true, D, true, M, null, default),
        ("no shadow, both different", false, true, D, true, M, null, default),
    ];

    public static TheoryData<string, string, string, int> AllCases()
    {
        var data = new TheoryData<string, string, string, int>();
        foreach (var c in Cases)
        {
            foreach (var entity in Enum.GetValues<SyncEntity>())
            {
                foreach (var winner in Enum.GetValues<CollisionWinner>())
                {
                    foreach (var crmMinusMarketoMinutes in new[] { -1, 0, 1 })
                    {
                        data.Add(c.Name, entity.ToString(), winner.ToString(), crmMinusMarketoMinutes);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Decide_EveryCaseEntityAndOverride_GivesExpectedAction(string name, string entityName, string winnerName, int crmMinusMarketoMinutes)
    {
        var entity = Enum.Parse<SyncEntity>(entityName);
        var winner = Enum.Parse<CollisionWinner>(winnerName);
        var c = Array.Find(Cases, x => x.Name == name);
        var state = new FieldState(
            c.HasShadow, S, c.CrmChanged, c.Crm, T0.AddMinutes(crmMinusMarketoMinutes), c.MarketoChanged, c.Marketo, T0);

        var decision = FieldDecider.Decide(state, entity, winner);

        if (c.Action is { } action)
        {
            Assert.Equal(action, decision.Action);
            Assert.Equal(c.Value, decision.Value);
            Assert.Equal(CollisionType.None, decision.Collision);
            return;
        }

        var dynamicsWins = winner switch
        {
            CollisionWinner.Dynamics => true,
            CollisionWinner.Marketo => false,
            CollisionWinner.Newest when crmMinusMarketoMinutes != 0 => crmMinusMarketoMinutes > 0,
            _ => entity == SyncEntity.Contact,
        };
        Assert.Equal(CollisionType.BothChanged, decision.Collision);
        Assert.Equal(dynamicsWins ? CollisionResolution.DynamicsWins : CollisionResolution.MarketoWins, decision.Resolution);
        Assert.Equal(dynamicsWins ? FieldAction.CopyToMarketo : FieldAction.CopyToDynamics, decision.Action);
        Assert.Equal(dynamicsWins ? D : M, decision.Value);
    }

    [Theory]
    [InlineData("Lead", "Default")]
    [InlineData("Contact", "Newest")]
    public void Resolve_DeletedRecord_AlwaysUnlinks(string entityName, string winnerName)
    {
        var entity = Enum.Parse<SyncEntity>(entityName);
        var winner = Enum.Parse<CollisionWinner>(winnerName);
        Assert.Equal(
            CollisionResolution.Unlink,
            CollisionResolver.Resolve(CollisionType.ChangedOnDeletedRecord, entity, winner, T0, T0));
    }
}
