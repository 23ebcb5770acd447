using CrmSync.SyncAgent.Engine;
using static CrmSync.SyncAgent.Tests.Engine.PlanData;

namespace CrmSync.SyncAgent.Tests.Engine;

/// <summary>Sync-person's create, decided by the engine (it used to build its own fields and shadows).</summary>
public class DynamicsCreatePlannerTests
{
    private static readonly Link Link = new(77, Lead(7));

    private static readonly FieldMap LeadSource = new(SyncEntity.Lead, "leadSource", "leadsourcecode", FieldKind.OptionSet, CollisionWinner.Default)
    {
        Column = new ColumnType("Picklist", Options: [new OptionLabel(1, "Advertisement"), new OptionLabel(8, "Web")]),
    };

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

    [Fact]
    public void Plan_ToMarketoField_NeitherWrittenNorAgreed()
    {
        var status = new FieldMap(SyncEntity.Lead, "leadStatus", "statuscode", FieldKind.Text, CollisionWinner.Default) { Direction = FieldDirection.ToMarketo };
        var email = DefaultFieldMapping.Mapping.For(SyncEntity.Lead).Single(m => m.Marketo == "email");

        var create = DynamicsCreatePlanner.Plan(Link, [new(email, V("ann@example.com", FieldKind.Email)), new(status, V("Open"))]);

        Assert.Equal(["email"], create.Fields.Select(f => f.Map.Marketo));
        Assert.Equal([Shadow(77, "email", "ann@example.com")], create.ShadowsAfter(created: true));
        Assert.Empty(create.Refused);
    }

    [Fact]
    public void Plan_ChoiceLabel_WritesItsOptionValue()
    {
        var create = DynamicsCreatePlanner.Plan(Link, [new(LeadSource, V("web"))]);

        var written = Assert.Single(create.Fields);
        Assert.Equal(V("8", FieldKind.OptionSet), written.Value);
        Assert.Equal([new ShadowValue(77, "leadSource", V("8", FieldKind.OptionSet))], create.ShadowsAfter(created: true));
    }

    [Fact]
    public void Plan_UnknownLabel_LeftOutAndRefusedListingAllowedLabels()
    {
        var create = DynamicsCreatePlanner.Plan(Link, [new(LeadSource, V("Fax campaign"))]);

        Assert.Empty(create.Fields);
        Assert.Empty(create.ShadowsAfter(created: true));
        var refused = Assert.Single(create.Refused);
        Assert.Equal((Lead(7), (long?)77, SyncDirection.ToDynamics, "leadSource"), (refused.Record, refused.MarketoId, refused.Direction, refused.Field));
        Assert.Equal("'Fax campaign' is not a label of lead.leadsourcecode (a choice); allowed labels: Advertisement, Web.", refused.Message);
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
