using CrmSync.Plugins.Tests.Harness;
using CrmSync.Staging;
using Microsoft.Xrm.Sdk;
using static CrmSync.Plugins.Tests.Harness.Records;

namespace CrmSync.Plugins.Tests;

/// <summary>Who and what is not staged: the sync user's own writes (B9) and the sync filter (B11).</summary>
public class SyncEventPluginFilterTests
{
    private const string Filter = SyncFilter.AttributeName;

    [Fact]
    public void Execute_SyncUserDirectWrite_IsSkipped()
    {
        var sut = PluginHarness.CreateSut();
        sut.Update(Lead(("firstname", "Augusta")), Lead(("firstname", "Ada"))).AsUser(PluginHarness.SyncUserId, depth: 1);

        sut.Execute();

        Assert.Empty(sut.Service.Created);
        Assert.True(sut.Tracing.Contains("skipped: direct write of the sync user"));
    }

    [Fact]
    public void Execute_AutomationReactingToSyncUserWrite_IsStaged()
    {
        // A workflow or plug-in deriving a value from the agent's write runs at depth 2.
        var sut = PluginHarness.CreateSut();
        sut.Update(Lead(("leadqualitycode", new OptionSetValue(3))), Lead(("leadqualitycode", new OptionSetValue(1))))
            .AsUser(PluginHarness.SyncUserId, depth: 2);

        sut.Execute();

        Assert.Equal("{\"leadqualitycode\":{\"optionset\":3}}", sut.Row[SyncEventTable.Changes]);
    }

    [Fact]
    public void Execute_OtherUserDirectWrite_IsStaged()
    {
        var sut = PluginHarness.CreateSut();
        sut.Create(Lead(("firstname", "Ada"))).AsUser(Guid.NewGuid(), depth: 1);

        sut.Execute();

        Assert.Single(sut.Service.Created);
    }

    [Fact]
    public void Execute_UpdateOfRecordWithFilterNo_IsSkipped()
    {
        var sut = PluginHarness.CreateSut();
        sut.Update(Lead(("firstname", "Augusta")), Lead(("firstname", "Ada"), (Filter, false)));

        sut.Execute();

        Assert.Empty(sut.Service.Created);
        Assert.True(sut.Tracing.Contains("skipped: sync filter crmsync_synctomarketo is No"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(null)]
    public void Execute_UpdateTurningFilterToNo_StagesOnlyTheFilter(bool? before)
    {
        var sut = PluginHarness.CreateSut();
        sut.Update(Lead(("firstname", "Augusta"), (Filter, false)), Lead(("firstname", "Ada"), (Filter, before)));

        sut.Execute();

        Assert.Equal("{\"crmsync_synctomarketo\":false}", sut.Row[SyncEventTable.Changes]);
        Assert.Equal("Update", sut.Row[SyncEventTable.Message]);
        Assert.True(sut.Tracing.Contains("sync filter turned off"));
    }

    [Fact]
    public void Execute_UpdateTurningFilterToNoWithoutPreImage_IsSkipped()
    {
        // Without the image the flip cannot be told from saving a record that was No already.
        var sut = PluginHarness.CreateSut();
        sut.Update(Lead(("firstname", "Augusta"), (Filter, false)), null);

        sut.Execute();

        Assert.Empty(sut.Service.Created);
    }

    [Fact]
    public void Execute_UpdateKeepingFilterNo_IsSkipped()
    {
        var sut = PluginHarness.CreateSut();
        sut.Update(Lead(("firstname", "Augusta"), (Filter, false)), Lead(("firstname", "Ada"), (Filter, false)));

        sut.Execute();

        Assert.Empty(sut.Service.Created);
    }

    [Fact]
    public void Execute_DeleteOfRecordWithFilterNo_IsSkipped()
    {
        var sut = PluginHarness.CreateSut();
        sut.Delete("lead", LeadId, Lead(("firstname", "Ada"), (Filter, false)));

        sut.Execute();

        Assert.Empty(sut.Service.Created);
    }

    [Fact]
    public void Execute_CreateWithFilterNo_IsSkipped()
    {
        var sut = PluginHarness.CreateSut();
        sut.Create(Lead(("firstname", "Ada"), (Filter, false)));

        sut.Execute();

        Assert.Empty(sut.Service.Created);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(null)]
    public void Execute_FilterYesOrEmpty_Syncs(bool? filter)
    {
        var sut = PluginHarness.CreateSut();
        sut.Update(Lead(("firstname", "Augusta")), Lead(("firstname", "Ada"), (Filter, filter)));

        sut.Execute();

        Assert.Equal(["firstname"], sut.ChangedAttributes());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(null)]
    public void Execute_FilterFlipFromNo_StagesWholeMappedRecord(bool? turnedTo)
    {
        var sut = PluginHarness.CreateSut(
            "{\"syncUserId\":\"" + PluginHarness.SyncUserId + "\",\"attributes\":{\"lead\":[\"emailaddress1\",\"firstname\",\"lastname\",\"revenue\"]}}");
        sut.Update(
            Lead((Filter, turnedTo), ("firstname", "Augusta")),
            Lead((Filter, false), ("emailaddress1", "ada@example.com"), ("firstname", "Ada"), ("description", "unmapped")));

        sut.Execute();

        Assert.Equal(
            "{\"emailaddress1\":\"ada@example.com\",\"firstname\":\"Augusta\",\"lastname\":null,\"revenue\":null}",
            sut.Row[SyncEventTable.Changes]);
        Assert.Equal("Update", sut.Row[SyncEventTable.Message]);
        Assert.True(sut.Tracing.Contains("whole record"));
    }

    [Fact]
    public void Execute_FilterFlipOnContactFromLead_CarriesOriginatingLead()
    {
        var leadId = Guid.NewGuid();
        var sut = PluginHarness.CreateSut();
        sut.Update(
            Contact((Filter, true)),
            Contact((Filter, false), ("lastname", "Lovelace"), ("originatingleadid", new EntityReference("lead", leadId))));

        sut.Execute();

        Assert.Equal(leadId.ToString("D"), sut.Row[SyncEventTable.OriginatingLeadId]);
        Assert.Equal("Lovelace", sut.Changes().GetProperty("lastname").GetString());
    }

    [Fact]
    public void Execute_FilterValueOfWrongType_CountsAsEmpty()
    {
        var sut = PluginHarness.CreateSut();
        sut.Update(Lead(("firstname", "Augusta")), Lead(("firstname", "Ada"), (Filter, new OptionSetValue(0))));

        sut.Execute();

        Assert.Equal(["firstname"], sut.ChangedAttributes());
    }
}
