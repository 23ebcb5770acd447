using CrmSync.Plugins.Tests.Harness;
using CrmSync.Staging;
using static CrmSync.Plugins.Tests.Harness.Records;

namespace CrmSync.Plugins.Tests;

/// <summary>The Merge step (DESIGN B17): the master and the subordinate staged, per the staging contract.</summary>
public class SyncEventPluginMergeTests
{
    private static readonly Guid SubordinateId = new("5b0d0000-0000-4000-8000-000000000042");

    [Fact]
    public void Execute_MergeContact_StagesMasterAndSubordinateWithEmptyChanges()
    {
        var sut = PluginHarness.CreateSut();
        sut.Merge("contact", ContactId, SubordinateId);

        sut.Execute();

        var row = sut.Row;
        Assert.Equal("Merge", row[SyncEventTable.Message]);
        Assert.Equal("Merge contact " + ContactId, row[SyncEventTable.Name]);
        Assert.Equal("contact", row[SyncEventTable.Entity]);
        Assert.Equal(ContactId.ToString("D"), row[SyncEventTable.RecordId]);
        Assert.Equal(SubordinateId.ToString("D"), row[SyncEventTable.SubordinateId]);
        Assert.Equal("{}", row[SyncEventTable.Changes]);
    }

    [Fact]
    public void Execute_MergeWithoutSubordinateId_IsSkippedAndTraced()
    {
        var sut = PluginHarness.CreateSut();
        sut.Merge("lead", LeadId, subordinateId: null);

        sut.Execute();

        Assert.Empty(sut.Service.Created);
        Assert.True(sut.Tracing.Contains("the Merge context carries no SubordinateId"));
    }

    [Fact]
    public void Execute_MergeBySyncUserDirectly_IsSkipped()
    {
        var sut = PluginHarness.CreateSut();
        sut.Merge("lead", LeadId, SubordinateId);
        sut.Context.InitiatingUserId = PluginHarness.SyncUserId;
        sut.Context.Depth = 1;

        sut.Execute();

        Assert.Empty(sut.Service.Created);
    }
}
