using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Tests.Engine;

/// <summary>Issue 15, repair (B18): the side a resync copies from, as a table over direction × winner × entity × --from.</summary>
public sealed class ResyncPlannerTests
{
    [Theory]
    [InlineData("Both", "Default", "Contact", "Rule", "ToMarketo")]
    [InlineData("Both", "Default", "Lead", "Rule", "ToDynamics")]
    [InlineData("Both", "Newest", "Lead", "Rule", "ToDynamics")]
    [InlineData("Both", "Dynamics", "Lead", "Rule", "ToMarketo")]
    [InlineData("Both", "Marketo", "Contact", "Rule", "ToDynamics")]
    [InlineData("ToMarketo", "Default", "Lead", "Rule", "ToMarketo")]
    [InlineData("ToDynamics", "Default", "Contact", "Rule", "ToDynamics")]
    [InlineData("Both", "Dynamics", "Contact", "Marketo", "ToDynamics")]
    [InlineData("Both", "Marketo", "Lead", "Dynamics", "ToMarketo")]
    [InlineData("ToMarketo", "Default", "Lead", "Marketo", null)]
    [InlineData("ToDynamics", "Default", "Lead", "Dynamics", null)]
    public void SourceOf_FieldRuleAndFrom_CopiesThatWay(string direction, string winner, string entity, string from, string? expected)
    {
        var on = Enum.Parse<SyncEntity>(entity);
        var map = new FieldMap(on, "title", "jobtitle", FieldKind.Text, Enum.Parse<CollisionWinner>(winner)) { Direction = Enum.Parse<FieldDirection>(direction) };

        Assert.Equal(expected, ResyncPlanner.SourceOf(map, on, Enum.Parse<ResyncSource>(from))?.ToString());
    }

    [Fact]
    public void Plan_EqualValuesMissingRecordAndOpenRejection_CopiesOnlyTheDifferentValue()
    {
        var record = new RecordKey(SyncEntity.Contact, Guid.Parse("00000000-0000-0000-0000-000000000001"));
        var gone = new RecordKey(SyncEntity.Contact, Guid.Parse("00000000-0000-0000-0000-000000000002"));
        var input = new ResyncInput
        {
            Links = [new Link(10, record), new Link(11, gone)],
            Crm = new Dictionary<RecordKey, IReadOnlyDictionary<string, FieldValue>>
            {
                [record] = new Dictionary<string, FieldValue>(StringComparer.OrdinalIgnoreCase)
                {
                    ["jobtitle"] = FieldValue.FromString("New"), ["address1_city"] = FieldValue.FromString("Porto"), ["telephone1"] = FieldValue.FromString("1"),
                },
            },
            Marketo = new Dictionary<long, IReadOnlyDictionary<string, FieldValue>>
            {
                [10] = new Dictionary<string, FieldValue>(StringComparer.OrdinalIgnoreCase)
                {
                    ["title"] = FieldValue.FromString("Old"), ["city"] = FieldValue.FromString("Porto"), ["phone"] = FieldValue.FromString("2"),
                },
                [11] = new Dictionary<string, FieldValue>(),
            },
            Rejections = [new RejectedWrite(SyncDirection.ToMarketo, record, "phone", FieldValue.FromString("1"))],
        };

        var plan = ResyncPlanner.Plan(input);

        var change = Assert.Single(plan.Changes);
        Assert.Equal(("title", SyncDirection.ToMarketo, "Old", "New"), (change.Field, change.Direction, change.Old.Text, change.New.Text));
        Assert.Equal(11, Assert.Single(plan.Missing).MarketoId);
        Assert.Equal(1, plan.HeldByRejections);
        Assert.Contains(new ShadowValue(10, "city", FieldValue.FromString("Porto")), plan.Plan.ShadowUpdates);
        Assert.Empty(plan.Plan.DynamicsUpdates);
    }
}
