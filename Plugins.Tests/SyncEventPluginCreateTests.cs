using CrmSync.Plugins.Tests.Harness;
using CrmSync.Staging;
using Microsoft.Xrm.Sdk;
using static CrmSync.Plugins.Tests.Harness.Records;

namespace CrmSync.Plugins.Tests;

public class SyncEventPluginCreateTests
{
    [Fact]
    public void Execute_CreateLead_StagesMappedAttributesPresentInTarget()
    {
        var sut = PluginHarness.CreateSut();
        sut.Create(Lead(("emailaddress1", "ada@example.com"), ("firstname", "Ada"), ("numberofemployees", 12)));

        sut.Execute();

        var row = sut.Row;
        Assert.Equal(SyncEventTable.LogicalName, row.LogicalName);
        Assert.Equal("Create lead " + LeadId, row[SyncEventTable.Name]);
        Assert.Equal("lead", row[SyncEventTable.Entity]);
        Assert.Equal(LeadId.ToString("D"), row[SyncEventTable.RecordId]);
        Assert.Equal("Create", row[SyncEventTable.Message]);
        Assert.Equal("{\"emailaddress1\":\"ada@example.com\",\"firstname\":\"Ada\",\"numberofemployees\":12}", row[SyncEventTable.Changes]);
        Assert.Equal(sut.Context.CorrelationId.ToString("D"), row[SyncEventTable.CorrelationId]);
        Assert.False(row.Contains(SyncEventTable.OriginatingLeadId));
    }

    [Fact]
    public void Execute_CreateLead_WritesAsSystemUser()
    {
        var sut = PluginHarness.CreateSut();
        sut.Create(Lead(("emailaddress1", "ada@example.com")));

        sut.Execute();

        Assert.Equal([null], sut.Factory.RequestedUsers);
    }

    [Fact]
    public void Execute_CreateLead_ChangedOnIsOperationCreatedOnInUtc()
    {
        var sut = PluginHarness.CreateSut();
        sut.Create(Lead(("emailaddress1", "ada@example.com")));
        sut.Context.OperationCreatedOn = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Unspecified);

        sut.Execute();

        var changedOn = Assert.IsType<DateTime>(sut.Row[SyncEventTable.ChangedOn]);
        Assert.Equal(DateTimeKind.Utc, changedOn.Kind);
        Assert.Equal(new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc), changedOn);
    }

    [Fact]
    public void Execute_CreateWithUnmappedAttributes_IgnoresThem()
    {
        var sut = PluginHarness.CreateSut();
        sut.Create(Lead(("lastname", "Lovelace"), ("description", "not mapped"), ("telephone1", "555")));

        sut.Execute();

        Assert.Equal(["lastname"], sut.ChangedAttributes());
    }

    [Fact]
    public void Execute_CreateWithNullAndEmptyMappedValues_LeavesThemOut()
    {
        var sut = PluginHarness.CreateSut();
        sut.Create(Lead(("lastname", "Lovelace"), ("firstname", null), ("emailaddress1", "")));

        sut.Execute();

        Assert.Equal(["lastname"], sut.ChangedAttributes());
    }

    [Fact]
    public void Execute_CreateWithNoMappedAttribute_StillStagesTheRecord()
    {
        var sut = PluginHarness.CreateSut();
        sut.Create(Lead(("description", "not mapped")));

        sut.Execute();

        Assert.Equal("{}", sut.Row[SyncEventTable.Changes]);
    }

    [Fact]
    public void Execute_CreateContactFromLead_StagesOriginatingLeadId()
    {
        var leadId = Guid.NewGuid();
        var sut = PluginHarness.CreateSut();
        sut.Create(Contact(("lastname", "Lovelace"), ("originatingleadid", new EntityReference("lead", leadId))));

        sut.Execute();

        Assert.Equal(leadId.ToString("D"), sut.Row[SyncEventTable.OriginatingLeadId]);
        Assert.Equal("contact", sut.Row[SyncEventTable.Entity]);
        Assert.Equal(["lastname"], sut.ChangedAttributes());
    }

    [Fact]
    public void Execute_CreateContactWithoutLead_HasNoOriginatingLeadId()
    {
        var sut = PluginHarness.CreateSut();
        sut.Create(Contact(("lastname", "Lovelace"), ("originatingleadid", null)));

        sut.Execute();

        Assert.False(sut.Row.Contains(SyncEventTable.OriginatingLeadId));
    }

    [Fact]
    public void Execute_CreateLeadWithOriginatingLeadAttribute_IgnoresIt()
    {
        // Only a contact is qualified from a lead; the column means nothing on other tables.
        var sut = PluginHarness.CreateSut();
        sut.Create(Lead(("lastname", "Lovelace"), ("originatingleadid", new EntityReference("lead", Guid.NewGuid()))));

        sut.Execute();

        Assert.False(sut.Row.Contains(SyncEventTable.OriginatingLeadId));
    }

    [Fact]
    public void Execute_CreateWithoutPrimaryEntityId_TakesTheTargetId()
    {
        var sut = PluginHarness.CreateSut();
        sut.Create(Lead(("lastname", "Lovelace")));
        sut.Context.PrimaryEntityId = Guid.Empty;

        sut.Execute();

        Assert.Equal(LeadId.ToString("D"), sut.Row[SyncEventTable.RecordId]);
    }

    [Fact]
    public void Execute_UnsupportedValueType_IsLeftOutAndTraced()
    {
        var sut = PluginHarness.CreateSut();
        sut.Create(Lead(("lastname", "Lovelace"), ("firstname", new Uri("https://example.com/"))));

        sut.Execute();

        Assert.Equal(["lastname"], sut.ChangedAttributes());
        Assert.True(sut.Tracing.Contains("attribute firstname left out"));
    }

    [Fact]
    public void Execute_OneValueLongerThanTheStagingColumn_StagesTheOtherAttributesAndTracesTheOneLeftOut()
    {
        var sut = PluginHarness.CreateSut();
        sut.Create(Lead(("lastname", new string('x', SyncEventTable.ChangesMaxLength)), ("firstname", "Ada"), ("emailaddress1", "ada@example.com")));

        var exception = Record.Exception(() => sut.Execute());

        Assert.Null(exception);
        Assert.Equal(["emailaddress1", "firstname"], sut.ChangedAttributes().Order());
        Assert.True(sut.Tracing.Contains("attribute lastname left out: its value (1048576 characters) does not fit the staging column"),
            string.Join("\n", sut.Tracing.Lines));
    }

    [Fact]
    public void Execute_TwoValuesTogetherTooLong_LeavesOutOnlyTheLongest()
    {
        var sut = PluginHarness.CreateSut();
        var half = SyncEventTable.ChangesMaxLength / 2;
        sut.Create(Lead(("lastname", new string('x', half)), ("firstname", new string('y', half + 10))));

        sut.Execute();

        Assert.Equal(["lastname"], sut.ChangedAttributes());
        Assert.True(sut.Tracing.Contains("attribute firstname left out"));
        Assert.False(sut.Tracing.Contains("attribute lastname left out"));
    }
}
