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

    [Theory]
    [InlineData(false, "Engineer", null, 0, 1)]
    [InlineData(true, "Engineer", null, 1, 0)]
    [InlineData(false, null, "Engineer", 1, 0)]
    public void Plan_BlankSourceOverNonBlankTarget_KeptUnlessBlankingIsAllowed(bool allowBlanking, string? marketoTitle, string? dynamicsTitle, int copied, int kept)
    {
        // A contact: its two-way fields copy from Dynamics (Dynamics wins), so Dynamics is the source.
        var record = new RecordKey(SyncEntity.Contact, Guid.Parse("00000000-0000-0000-0000-000000000007"));
        var input = new ResyncInput
        {
            Links = [new Link(70, record)],
            Crm = new Dictionary<RecordKey, IReadOnlyDictionary<string, FieldValue>>
            {
                [record] = new Dictionary<string, FieldValue>(StringComparer.OrdinalIgnoreCase) { ["jobtitle"] = FieldValue.FromString(dynamicsTitle) },
            },
            Marketo = new Dictionary<long, IReadOnlyDictionary<string, FieldValue>>
            {
                [70] = new Dictionary<string, FieldValue>(StringComparer.OrdinalIgnoreCase) { ["title"] = FieldValue.FromString(marketoTitle) },
            },
            Fields = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "title" },
            AllowBlanking = allowBlanking,
        };

        var plan = ResyncPlanner.Plan(input);

        Assert.Equal((copied, kept), (plan.Changes.Count, plan.KeptNonBlank.Count));
        Assert.Equal(copied, plan.Plan.MarketoUpdates.Count);
        if (kept == 1)
        {
            var value = Assert.Single(plan.KeptNonBlank);
            Assert.Equal(("title", SyncDirection.ToMarketo, "Engineer", true), (value.Field, value.Direction, value.Old.Text, value.New.IsNull));
            Assert.Empty(plan.Plan.ShadowUpdates);
        }
        else
        {
            var change = Assert.Single(plan.Changes);
            Assert.Equal((marketoTitle, dynamicsTitle), (change.Old.Text, change.New.Text));
        }
    }

    [Fact]
    public void Plan_BlankMarketoSourceForALead_KeepsTheDynamicsValue()
    {
        // A lead: Marketo wins, so Marketo is the source; its blank does not erase the lead's title.
        var record = new RecordKey(SyncEntity.Lead, Guid.Parse("00000000-0000-0000-0000-000000000008"));
        var plan = ResyncPlanner.Plan(new ResyncInput
        {
            Links = [new Link(80, record)],
            Crm = new Dictionary<RecordKey, IReadOnlyDictionary<string, FieldValue>>
            {
                [record] = new Dictionary<string, FieldValue>(StringComparer.OrdinalIgnoreCase) { ["jobtitle"] = FieldValue.FromString("Buyer") },
            },
            Marketo = new Dictionary<long, IReadOnlyDictionary<string, FieldValue>> { [80] = new Dictionary<string, FieldValue>(StringComparer.OrdinalIgnoreCase) },
            Fields = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "title" },
        });

        Assert.Empty(plan.Changes);
        Assert.Empty(plan.Plan.DynamicsUpdates);
        var value = Assert.Single(plan.KeptNonBlank);
        Assert.Equal(("title", SyncDirection.ToDynamics, "Buyer"), (value.Field, value.Direction, value.Old.Text));
    }

    [Fact]
    public void Plan_ChoiceToMarketo_ListsTheLabelMarketoIsSent()
    {
        // A one-way choice (statuscode -> leadStatus): Marketo is sent the label, so the dry run must show the label.
        var status = new FieldMap(SyncEntity.Lead, "leadStatus", "statuscode", FieldKind.OptionSet, CollisionWinner.Default)
        {
            Direction = FieldDirection.ToMarketo,
            Column = new ColumnType("Status", Options: [new OptionLabel(1, "New"), new OptionLabel(3, "Qualified")]),
        };
        var record = new RecordKey(SyncEntity.Lead, Guid.Parse("00000000-0000-0000-0000-000000000009"));

        var plan = ResyncPlanner.Plan(new ResyncInput
        {
            Links = [new Link(90, record)],
            Crm = new Dictionary<RecordKey, IReadOnlyDictionary<string, FieldValue>>
            {
                [record] = new Dictionary<string, FieldValue>(StringComparer.OrdinalIgnoreCase) { ["statuscode"] = FieldValue.FromString("1", FieldKind.OptionSet) },
            },
            Marketo = new Dictionary<long, IReadOnlyDictionary<string, FieldValue>>
            {
                [90] = new Dictionary<string, FieldValue>(StringComparer.OrdinalIgnoreCase) { ["leadStatus"] = FieldValue.FromString("Qualified") },
            },
            Mapping = new FieldMapping([status]),
        });

        var change = Assert.Single(plan.Changes);
        Assert.Equal(("leadStatus", "Qualified", "New"), (change.Field, change.Old.Text, change.New.Text));
    }
}
