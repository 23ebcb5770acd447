using CrmSync.SyncAgent.Engine;
using static CrmSync.SyncAgent.Tests.Engine.PlanData;

namespace CrmSync.SyncAgent.Tests.Engine;

/// <summary>Sync-person's create, decided by the engine (it used to build its own fields and shadows).</summary>
public class DynamicsCreatePlannerTests
{
    private static readonly Link Link = new(77, Lead(7));

    [Fact]
    public void Plan_PersonWithBlankValues_WritesOnlyNonBlankButAgreesOnAll()
    {
        var maps = DefaultFieldMapping.Mapping.For(SyncEntity.Lead);
        var values = new List<PlannedField>
        {
            new(maps.Single(m => m.Marketo == "email"), V("ann@example.com", FieldKind.Email)),
            new(maps.Single(m => m.Marketo == "title"), FieldValue.Null),
        };

        var create = DynamicsCreatePlanner.Plan(Link, values);

        Assert.Equal(["email"], create.Fields.Select(f => f.Map.Marketo));
        Assert.Equal([Shadow(77, "email", "ann@example.com"), Shadow(77, "title", null)], create.ShadowsAfter(created: true));
        Assert.Empty(create.ShadowsAfter(created: false));
    }

    [Theory]
    [InlineData((int)LinkChangeKind.Unlink, UnlinkReasons.Deleted)]
    [InlineData((int)LinkChangeKind.FilteredOut, UnlinkReasons.SyncFilterOff)]
    [InlineData((int)LinkChangeKind.Relink, null)]
    public void LinkChange_Kind_UnlinkReasonDecidedByTheEngine(int kind, string? reason)
    {
        var change = (LinkChangeKind)kind;
        Assert.Equal(reason, new LinkChange(change, 1, Lead(1), change == LinkChangeKind.Relink ? Contact(1) : null).UnlinkReason);
    }
}
