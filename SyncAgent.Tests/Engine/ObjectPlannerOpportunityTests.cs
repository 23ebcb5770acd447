using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Tests.Engine;

/// <summary>
/// The one-way planner on opportunities (DESIGN B16): statecode as isClosed/isWon (TrueWhen), and the role's contact —
/// customerid when it names a contact, else parentcontactid — planned when the record is created or a role column changes.
/// </summary>
public sealed class ObjectPlannerOpportunityTests
{
    private static readonly Guid Renewal = Guid.Parse("5e0c1f7e-2d3a-4c5b-9e8f-202122232425");
    private static readonly Guid Ada = Guid.Parse("c0a1b2c3-d4e5-4f60-8a7b-8c9d0e1f2a3b");
    private static readonly Guid Grace = Guid.Parse("c1a1b2c3-d4e5-4f60-8a7b-8c9d0e1f2a3b");
    private static readonly Guid Contoso = Guid.Parse("a0a1b2c3-d4e5-4f60-8a7b-8c9d0e1f2a3b");

    private static readonly ObjectMapping Mapping = new(EntityKinds.Opportunity, EntityKinds.Opportunity.DefaultFields) { RoleName = "Decision Maker" };

    private static ObjectChange Change(CrmMessage message, params (string Column, string? Value)[] values) =>
        new(EntityKinds.Opportunity, Renewal, message, values.ToDictionary(v => v.Column, v => FieldValue.FromString(v.Value,
            v.Column == "statecode" ? FieldKind.Number : v.Column is "customerid" or "parentcontactid" ? FieldKind.Lookup : FieldKind.Text)));

    [Theory]
    [InlineData("0", "false", "false")]
    [InlineData("1", "true", "true")]
    [InlineData("2", "true", "false")]
    public void Plan_Statecode_GivesIsClosedAndIsWon(string statecode, string isClosed, string isWon)
    {
        var plan = ObjectPlanner.Plan(Mapping, [Change(CrmMessage.Update, ("statecode", statecode))]);

        var upsert = Assert.Single(plan.Upserts);
        Assert.Equal([$"isClosed={isClosed}", $"isWon={isWon}"], upsert.Fields.Select(f => $"{f.Key}={f.Value.Text}").Order());
    }

    [Fact]
    public void Plan_StatecodeNotANumber_ReportedOtherFieldsWritten()
    {
        var plan = ObjectPlanner.Plan(Mapping, [Change(CrmMessage.Update, ("statecode", "won"), ("name", "Renewal"))]);

        Assert.Equal(["name=Renewal"], Assert.Single(plan.Upserts).Fields.Select(f => $"{f.Key}={f.Value.Text}"));
        Assert.Equal(["isClosed", "isWon"], plan.Problems.Select(p => p.Field));
    }

    [Theory]
    [InlineData(true, false, true)]   // customer is a contact: that contact
    [InlineData(false, true, false)]  // customer is an account: parentcontactid
    public void Plan_RoleColumns_TheFirstContactWins(bool customerIsContact, bool parentContactIsGrace, bool expectAda)
    {
        var customer = customerIsContact ? $"contact:{Ada:D}" : $"account:{Contoso:D}";
        var plan = ObjectPlanner.Plan(Mapping, [Change(CrmMessage.Create, ("name", "Renewal"), ("customerid", customer),
            ("parentcontactid", parentContactIsGrace ? $"contact:{Grace:D}" : $"contact:{Ada:D}"))]);

        Assert.Equal([new ObjectRole(Renewal, expectAda ? Ada : Grace)], plan.Roles);
    }

    [Fact]
    public void Plan_NoRoleColumnChanged_NoRole()
    {
        var plan = ObjectPlanner.Plan(Mapping, [Change(CrmMessage.Update, ("name", "Renewal 2"))]);

        Assert.Empty(plan.Roles);
    }

    [Fact]
    public void Plan_CustomerAccountWithoutParentContact_NoRole()
    {
        var plan = ObjectPlanner.Plan(Mapping, [Change(CrmMessage.Create, ("customerid", $"account:{Contoso:D}"))]);

        Assert.Single(plan.Upserts);
        Assert.Empty(plan.Roles);
    }

    [Fact]
    public void Plan_CustomerChangedToAnotherContact_RoleWrittenAndOthersReplaced()
    {
        var plan = ObjectPlanner.Plan(Mapping, [Change(CrmMessage.Update, ("customerid", $"contact:{Grace:D}"), ("parentcontactid", null))]);

        Assert.Equal([new ObjectRole(Renewal, Grace)], plan.Roles);
        Assert.Equal([new ObjectRoleReplaced(Renewal, Grace)], plan.RolesReplaced);
    }

    [Fact]
    public void Plan_CustomerChangedToAnAccount_NoRoleAndOthersReplaced()
    {
        var plan = ObjectPlanner.Plan(Mapping, [Change(CrmMessage.Update, ("customerid", $"account:{Contoso:D}"), ("parentcontactid", null))]);

        Assert.Empty(plan.Roles);
        Assert.Equal([new ObjectRoleReplaced(Renewal, null)], plan.RolesReplaced);
    }

    [Fact]
    public void Plan_CreatedWithAContact_NothingReplaced()
    {
        var plan = ObjectPlanner.Plan(Mapping, [Change(CrmMessage.Create, ("customerid", $"contact:{Ada:D}"))]);

        Assert.Equal([new ObjectRole(Renewal, Ada)], plan.Roles);
        Assert.Empty(plan.RolesReplaced);
    }

    [Theory]
    [InlineData("Decision Maker", 1001L, 2002L, true)]    // CrmSync's role on the former contact's person: goes
    [InlineData("Decision Maker", 2002L, 2002L, false)]   // the new contact's own role: stays
    [InlineData("Influencer", 1001L, 2002L, false)]       // a role CrmSync did not write: stays
    [InlineData("Decision Maker", 1001L, null, true)]     // no contact now: CrmSync's role goes
    public void IsStaleRole_RoleNameAndPerson_Decide(string role, long leadId, long? keptPerson, bool stale) =>
        Assert.Equal(stale, ObjectPlanner.IsStaleRole("Decision Maker", keptPerson, leadId, role));

    [Fact]
    public void Plan_CreateThenDelete_DeletesWithoutRole()
    {
        var plan = ObjectPlanner.Plan(Mapping, [Change(CrmMessage.Create, ("customerid", $"contact:{Ada:D}")), Change(CrmMessage.Delete)]);

        Assert.Equal([Renewal], plan.Deletes);
        Assert.Empty(plan.Roles);
    }
}
