using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Tests.Engine;

/// <summary>The one-way planner (DESIGN B16): changes fold per record in staging order; choices go as labels.</summary>
public sealed class ObjectPlannerTests
{
    private static readonly Guid Contoso = Guid.Parse("0b6c1f7e-2d3a-4c5b-9e8f-101112131415");
    private static readonly Guid Fabrikam = Guid.Parse("9a8b7c6d-5e4f-4a3b-8c2d-1e0f0a0b0c0d");

    private static readonly ObjectMapping Mapping = new(EntityKinds.Company,
    [
        new ObjectField("company", "name", FieldKind.Text),
        new ObjectField("industry", "industrycode", FieldKind.OptionSet) { Column = new ColumnType("Picklist", null, [new OptionLabel(7, "Consulting"), new OptionLabel(8, null)]) },
    ]);

    private static ObjectChange Change(Guid id, CrmMessage message, params (string Column, string? Value)[] values) =>
        new(EntityKinds.Company, id, message, values.ToDictionary(v => v.Column, v => FieldValue.FromString(v.Value, v.Column == "industrycode" ? FieldKind.OptionSet : FieldKind.Text)));

    [Fact]
    public void Plan_Create_UpsertsMappedFieldsWithTheChoiceLabel()
    {
        var plan = ObjectPlanner.Plan(Mapping, [Change(Contoso, CrmMessage.Create, ("name", "Contoso"), ("industrycode", "7"), ("telephone1", "555"))]);

        var upsert = Assert.Single(plan.Upserts);
        Assert.Equal(Contoso, upsert.Id);
        Assert.Equal(["company=Contoso", "industry=Consulting"], upsert.Fields.Select(f => $"{f.Key}={f.Value.Text}").Order());
        Assert.Empty(plan.Deletes);
    }

    [Fact]
    public void Plan_Merge_WritesTheMasterWholeAndDeletesTheSubordinateAfterThePersons()
    {
        var merge = Change(Contoso, CrmMessage.Merge, ("name", "Contoso Ltd")) with { SubordinateId = Fabrikam };

        var plan = ObjectPlanner.Plan(Mapping, [Change(Fabrikam, CrmMessage.Update, ("name", "Fabrikam old")), merge, Change(Fabrikam, CrmMessage.Update, ("name", "Deactivated"))]);

        var upsert = Assert.Single(plan.Upserts);
        Assert.Equal((Contoso, "company=Contoso Ltd"), (upsert.Id, string.Join(";", upsert.Fields.Select(f => $"{f.Key}={f.Value.Text}"))));
        Assert.Equal([new ObjectMergedAway(Fabrikam, Contoso)], plan.MergedAway);
        Assert.Empty(plan.Deletes);
    }

    [Fact]
    public void Plan_MergeOfAMasterWithNoMappedValue_StillWritesIt()
    {
        var plan = ObjectPlanner.Plan(Mapping, [Change(Contoso, CrmMessage.Merge) with { SubordinateId = Fabrikam }]);

        Assert.Equal(Contoso, Assert.Single(plan.Upserts).Id);
        Assert.Equal(Fabrikam, Assert.Single(plan.MergedAway).Subordinate);
    }

    [Fact]
    public void Plan_UpdateOfUnmappedColumnsOnly_WritesNothing()
    {
        var plan = ObjectPlanner.Plan(Mapping, [Change(Contoso, CrmMessage.Update, ("telephone1", "555"))]);

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void Plan_CreateThenEmptyUpdate_StillCreates()
    {
        var plan = ObjectPlanner.Plan(Mapping, [Change(Contoso, CrmMessage.Create), Change(Contoso, CrmMessage.Update, ("telephone1", "555"))]);

        Assert.Empty(Assert.Single(plan.Upserts).Fields);
    }

    [Fact]
    public void Plan_UpdatesThenDelete_DeletesOnly()
    {
        var plan = ObjectPlanner.Plan(Mapping, [Change(Contoso, CrmMessage.Update, ("name", "A")), Change(Fabrikam, CrmMessage.Update, ("name", "F")), Change(Contoso, CrmMessage.Delete)]);

        Assert.Equal([Contoso], plan.Deletes);
        Assert.Equal(Fabrikam, Assert.Single(plan.Upserts).Id);
    }

    [Fact]
    public void Plan_TwoUpdates_LastValueWins()
    {
        var plan = ObjectPlanner.Plan(Mapping, [Change(Contoso, CrmMessage.Update, ("name", "Old")), Change(Contoso, CrmMessage.Update, ("name", "New"))]);

        Assert.Equal("New", Assert.Single(plan.Upserts).Fields["company"].Text);
    }

    [Theory]
    [InlineData("8")]
    [InlineData("99")]
    public void Plan_ChoiceWithoutLabel_LeftOutAndReportedOtherFieldsWritten(string option)
    {
        var plan = ObjectPlanner.Plan(Mapping, [Change(Contoso, CrmMessage.Update, ("name", "Contoso"), ("industrycode", option))]);

        Assert.Equal(["company"], Assert.Single(plan.Upserts).Fields.Keys);
        var problem = Assert.Single(plan.Problems);
        Assert.Equal((Contoso, "industry"), (problem.Id, problem.Field));
        Assert.Equal($"Value '{option}' of industrycode has no label in the configured language, so it cannot be shown in Marketo field 'industry'; give the option a label in Dynamics.", problem.Problem);
    }
}
