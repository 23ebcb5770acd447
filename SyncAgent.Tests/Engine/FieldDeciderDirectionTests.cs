using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Tests.Engine;

/// <summary>DESIGN B15 as a table: per-field direction and KeepNonBlank, over both entities and every override.</summary>
public class FieldDeciderDirectionTests
{
    private static readonly FieldValue S = FieldValue.FromString("shadow");
    private static readonly FieldValue D = FieldValue.FromString("dynamics");
    private static readonly FieldValue M = FieldValue.FromString("marketo");
    private static readonly FieldValue Blank = FieldValue.Null;
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>(direction, keepNonBlank, shadow (null: none), Dynamics reported?, value, Marketo reported?, value) → action and value.</summary>
    private static readonly (string Name, FieldDirection Direction, bool Keep, FieldValue? Shadow, bool CrmChanged, FieldValue Crm, bool MarketoChanged, FieldValue Marketo, FieldAction Action, FieldValue Value)[] Cases =
    [
        ("toMarketo: Marketo change ignored", FieldDirection.ToMarketo, false, S, false, default, true, M, FieldAction.None, default),
        ("toMarketo: Dynamics change copied", FieldDirection.ToMarketo, false, S, true, D, false, default, FieldAction.CopyToMarketo, D),
        ("toMarketo: both changed, no collision", FieldDirection.ToMarketo, false, S, true, D, true, M, FieldAction.CopyToMarketo, D),
        ("toDynamics: Dynamics change ignored", FieldDirection.ToDynamics, false, S, true, D, false, default, FieldAction.None, default),
        ("toDynamics: Marketo change copied", FieldDirection.ToDynamics, false, S, false, default, true, M, FieldAction.CopyToDynamics, M),
        ("toDynamics: both changed, no collision", FieldDirection.ToDynamics, false, S, true, D, true, M, FieldAction.CopyToDynamics, M),
        ("keep: Dynamics blank over shadow kept", FieldDirection.Both, true, S, true, Blank, false, default, FieldAction.KeepTarget, Blank),
        ("keep: Marketo blank over shadow kept", FieldDirection.Both, true, S, false, default, true, Blank, FieldAction.KeepTarget, Blank),
        ("keep: blank over unknown target kept", FieldDirection.Both, true, null, true, Blank, false, default, FieldAction.KeepTarget, Blank),
        ("keep: blank over blank shadow written", FieldDirection.Both, true, Blank, false, default, true, Blank, FieldAction.Echo, default),
        ("keep: non-blank still copied", FieldDirection.Both, true, S, true, D, false, default, FieldAction.CopyToMarketo, D),
        ("keep: blank over the target's echo kept", FieldDirection.Both, true, S, true, Blank, true, S, FieldAction.KeepTarget, Blank),
        ("keep, toMarketo: blank equal to the shadow is an echo", FieldDirection.ToMarketo, true, Blank, true, Blank, true, M, FieldAction.Echo, default),
        ("keep, toMarketo: blank over target's ignored report kept", FieldDirection.ToMarketo, true, S, true, Blank, true, M, FieldAction.KeepTarget, Blank),
        ("no keep: blank copied", FieldDirection.Both, false, S, true, Blank, false, default, FieldAction.CopyToMarketo, Blank),
    ];

    public static TheoryData<string, string, string> AllCases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var c in Cases)
        {
            foreach (var entity in Enum.GetValues<SyncEntity>())
            {
                foreach (var winner in Enum.GetValues<CollisionWinner>())
                {
                    data.Add(c.Name, entity.ToString(), winner.ToString());
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Decide_DirectionAndKeepNonBlank_GivesExpectedAction(string name, string entityName, string winnerName)
    {
        var entity = Enum.Parse<SyncEntity>(entityName);
        var winner = Enum.Parse<CollisionWinner>(winnerName);
        var c = Array.Find(Cases, x => x.Name == name);
        var map = new FieldMap(entity, "title", "jobtitle", FieldKind.Text, winner) { Direction = c.Direction, KeepNonBlank = c.Keep };
        var state = new FieldState(c.Shadow is not null, c.Shadow ?? default, c.CrmChanged, c.Crm, T0, c.MarketoChanged, c.Marketo, T0);

        var decision = FieldDecider.Decide(state, entity, map);

        Assert.Equal(c.Action, decision.Action);
        Assert.Equal(c.Value, decision.Value);
        if (c.Direction != FieldDirection.Both)
        {
            Assert.Equal(CollisionType.None, decision.Collision);
        }
    }

    [Fact]
    public void Decide_LookupConfiguredBoth_FlowsToMarketoOnly()
    {
        var map = new FieldMap(SyncEntity.Contact, "ownerEmail", "ownerid", FieldKind.Lookup, CollisionWinner.Default);
        var state = new FieldState(true, S, false, default, T0, true, M, T0);

        var decision = FieldDecider.Decide(state, SyncEntity.Contact, map);

        Assert.Equal((FieldDirection.ToMarketo, FieldAction.None), (map.EffectiveDirection, decision.Action));
    }
}
