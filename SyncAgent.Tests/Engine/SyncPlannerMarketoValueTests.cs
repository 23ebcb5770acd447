using CrmSync.SyncAgent.Engine;
using static CrmSync.SyncAgent.Tests.Engine.PlanData;

namespace CrmSync.SyncAgent.Tests.Engine;

/// <summary>
/// One decider (DESIGN B7, B14): a field planned for Marketo carries the value the engine translated (a choice's label),
/// so the cycle never translates again nor falls back to the raw option value; a value without a label is a rejection.
/// </summary>
public class SyncPlannerMarketoValueTests
{
    private static readonly Link LeadLink = new(100, Lead(1));

    private static readonly ColumnType LeadSourceColumn = new("Picklist", Options: [new OptionLabel(1, "Advertisement"), new OptionLabel(8, "Web"), new OptionLabel(11, null)]);

    private static PlanInput WithLeadSourceLabels(PlanInput input) => new()
    {
        CrmChanges = input.CrmChanges,
        Links = input.Links,
        Mapping = new FieldMapping(DefaultFieldMapping.Maps.Select(m =>
            m.Entity == SyncEntity.Lead && m.Dynamics == "leadsourcecode" ? m with { Column = LeadSourceColumn } : m)),
    };

    private static CrmChange LeadSource(RecordKey record, CrmMessage message, string value, string? email = null)
    {
        var values = new Dictionary<string, FieldValue>(StringComparer.OrdinalIgnoreCase) { ["leadsourcecode"] = V(value, FieldKind.OptionSet) };
        if (email is not null)
        {
            values["emailaddress1"] = V(email, FieldKind.Email);
        }

        return new CrmChange(record, message, values, T0);
    }

    [Fact]
    public void Plan_LinkedChoiceChange_MarketoUpdateCarriesLabelAndKeepsOptionValue()
    {
        var plan = SyncPlanner.Plan(WithLeadSourceLabels(Input(crm: [LeadSource(LeadLink.Record, CrmMessage.Update, "8")], links: [LeadLink])));

        var field = Single(Assert.Single(plan.MarketoUpdates).Fields);
        Assert.Equal("leadSource", field.Map.Marketo);
        Assert.Equal("Web", field.MarketoValue?.Text);
        Assert.Equal(V("8", FieldKind.OptionSet), field.Value);
    }

    [Fact]
    public void Plan_UnlinkedChoice_MarketoCreateCarriesLabel()
    {
        var plan = SyncPlanner.Plan(WithLeadSourceLabels(Input(crm: [LeadSource(Lead(2), CrmMessage.Create, "1", "ann@example.com")])));

        var create = Assert.Single(plan.MarketoCreates);
        Assert.Equal("Advertisement", create.Fields.Single(f => f.Map.Marketo == "leadSource").MarketoValue?.Text);
        Assert.Equal("ann@example.com", create.Fields.Single(f => f.Map.Marketo == "email").MarketoValue?.Text);
    }

    [Fact]
    public void Plan_LinkedChoiceWithoutLabel_RejectionAndNoMarketoWrite()
    {
        var plan = SyncPlanner.Plan(WithLeadSourceLabels(Input(crm: [LeadSource(LeadLink.Record, CrmMessage.Update, "11")], links: [LeadLink])));

        Assert.Empty(plan.MarketoUpdates);
        var rejection = Assert.Single(plan.ValueRejections);
        Assert.Equal(("leadSource", SyncDirection.ToMarketo), (rejection.Field, rejection.Direction));
        Assert.StartsWith("Value '11' of lead.leadsourcecode has no label", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForMarketo_RefusedTranslation_Throws()
    {
        var map = DefaultFieldMapping.Maps.First(m => m.Dynamics == "leadsourcecode");

        Assert.Throws<ArgumentException>(() => PlannedField.ForMarketo(map, V("11", FieldKind.OptionSet), Translation.Refused("no label")));
    }
}
