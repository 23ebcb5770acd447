using CrmSync.Staging;

namespace CrmSync.SyncAgent.Tests;

public class StagingContractTests
{
    [Fact]
    public void SyncEventTable_EntitySet_IsPluralOfLogicalName()
    {
        Assert.Equal(SyncEventTable.LogicalName + "s", SyncEventTable.EntitySetName);
    }
}
