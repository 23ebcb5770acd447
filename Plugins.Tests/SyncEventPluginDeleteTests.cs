using CrmSync.Plugins.Tests.Harness;
using CrmSync.Staging;
using static CrmSync.Plugins.Tests.Harness.Records;

namespace CrmSync.Plugins.Tests;

public class SyncEventPluginDeleteTests
{
    [Fact]
    public void Execute_DeleteContact_StagesRecordIdWithEmptyChanges()
    {
        var sut = PluginHarness.CreateSut();
        sut.Delete("contact", ContactId, Contact(("lastname", "Lovelace"), ("emailaddress1", "ada@example.com")));

        sut.Execute();

        var row = sut.Row;
        Assert.Equal("Delete", row[SyncEventTable.Message]);
        Assert.Equal("Delete contact " + ContactId, row[SyncEventTable.Name]);
        Assert.Equal("contact", row[SyncEventTable.Entity]);
        Assert.Equal(ContactId.ToString("D"), row[SyncEventTable.RecordId]);
        Assert.Equal("{}", row[SyncEventTable.Changes]);
    }

    [Fact]
    public void Execute_DeleteWithoutPrimaryEntityId_TakesTheTargetReference()
    {
        var sut = PluginHarness.CreateSut();
        sut.Delete("lead", LeadId, preImage: null);
        sut.Context.PrimaryEntityId = Guid.Empty;

        sut.Execute();

        Assert.Equal(LeadId.ToString("D"), sut.Row[SyncEventTable.RecordId]);
    }

    [Fact]
    public void Execute_DeleteOfRecordWithFilterNo_IsSkipped()
    {
        var sut = PluginHarness.CreateSut();
        sut.Delete("lead", LeadId, Lead((SyncFilter.AttributeName, false)));

        sut.Execute();

        Assert.Empty(sut.Service.Created);
    }

    [Fact]
    public void Execute_DeleteBySyncUser_IsSkipped()
    {
        var sut = PluginHarness.CreateSut();
        sut.Delete("lead", LeadId, Lead()).AsUser(PluginHarness.SyncUserId, depth: 1);

        sut.Execute();

        Assert.Empty(sut.Service.Created);
    }
}
