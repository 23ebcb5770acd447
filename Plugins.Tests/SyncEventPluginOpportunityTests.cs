using CrmSync.Plugins.Tests.Harness;
using CrmSync.Staging;
using Microsoft.Xrm.Sdk;

namespace CrmSync.Plugins.Tests;

/// <summary>
/// Opportunity steps (DESIGN B16): the staging contract of lead, contact and account; the customer lookup is staged as a
/// reference with its table, so the agent knows whether the customer is a contact (whose person gets the role).
/// </summary>
public class SyncEventPluginOpportunityTests
{
    private static readonly Guid OpportunityId = new("0bb00000-0000-4000-8000-000000000014");
    private static readonly Guid ContactId = new("c0000000-0000-4000-8000-000000000014");

    private static readonly string OpportunityConfiguration =
        "{\"syncUserId\":\"" + PluginHarness.SyncUserId + "\",\"attributes\":{\"lead\":[\"emailaddress1\"],\"contact\":[\"emailaddress1\"]," +
        "\"opportunity\":[\"name\",\"estimatedvalue\",\"estimatedclosedate\",\"salesstage\",\"statecode\",\"customerid\",\"parentcontactid\"]}}";

    private static Entity Opportunity(params (string Name, object? Value)[] attributes)
    {
        var opportunity = new Entity("opportunity", OpportunityId);
        foreach (var (name, value) in attributes)
        {
            opportunity[name] = value!;
        }

        return opportunity;
    }

    [Fact]
    public void Execute_CreateOpportunity_StagesMappedColumnsAndTheCustomerReference()
    {
        var sut = PluginHarness.CreateSut(OpportunityConfiguration);
        sut.Create(Opportunity(("name", "Contoso renewal"), ("estimatedvalue", new Money(25000m)), ("salesstage", new OptionSetValue(1)),
            ("customerid", new EntityReference("contact", ContactId)), ("description", "not mapped")));

        sut.Execute();

        var row = sut.Row;
        Assert.Equal(("Create opportunity " + OpportunityId.ToString("D"), "opportunity", OpportunityId.ToString("D"), "Create"),
            (row[SyncEventTable.Name], row[SyncEventTable.Entity], row[SyncEventTable.RecordId], row[SyncEventTable.Message]));
        Assert.Equal(
            "{\"name\":\"Contoso renewal\",\"estimatedvalue\":{\"money\":25000},\"salesstage\":{\"optionset\":1},"
            + "\"customerid\":{\"ref\":{\"entity\":\"contact\",\"id\":\"c0000000-0000-4000-8000-000000000014\"}}}",
            row[SyncEventTable.Changes]);
    }

    [Fact]
    public void Execute_UpdateOpportunity_StagesOnlyTheChangedState()
    {
        var sut = PluginHarness.CreateSut(OpportunityConfiguration);
        sut.Update(Opportunity(("name", "Contoso renewal"), ("statecode", new OptionSetValue(1))),
            Opportunity(("name", "Contoso renewal"), ("statecode", new OptionSetValue(0))));

        sut.Execute();

        Assert.Equal("{\"statecode\":{\"optionset\":1}}", sut.Row[SyncEventTable.Changes]);
    }

    [Fact]
    public void Execute_DeleteOpportunity_StagesTheDelete()
    {
        var sut = PluginHarness.CreateSut(OpportunityConfiguration);
        sut.Delete("opportunity", OpportunityId, Opportunity(("name", "Contoso renewal")));

        sut.Execute();

        Assert.Equal(("Delete", "opportunity", "{}"), (sut.Row[SyncEventTable.Message], sut.Row[SyncEventTable.Entity], sut.Row[SyncEventTable.Changes]));
    }

    [Fact]
    public void Execute_OpportunityNotInTheConfiguration_StagesNothing()
    {
        var sut = PluginHarness.CreateSut();
        sut.Create(Opportunity(("name", "Contoso renewal")));

        sut.Execute();

        Assert.Empty(sut.Service.Created);
    }
}
