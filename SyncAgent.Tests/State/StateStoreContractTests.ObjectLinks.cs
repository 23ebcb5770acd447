using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Tests.Postgres;

namespace CrmSync.SyncAgent.Tests.State;

/// <summary>Links of the one-way kinds (DESIGN B16), keyed by kind and Dynamics id.</summary>
public abstract partial class StateStoreContractTests
{
    private static readonly Guid Contoso = Guid.Parse("0b6c1f7e-2d3a-4c5b-9e8f-101112131415");
    private static readonly Guid Fabrikam = Guid.Parse("9a8b7c6d-5e4f-4a3b-8c2d-1e0f0a0b0c0d");

    [StoreFact]
    public async Task SetObjectLinksAsync_Committed_FindsByKindAndDynamicsId()
    {
        await InTransaction(t => t.SetObjectLinksAsync([new ObjectLink(EntityKinds.Company, Contoso, "17"), new ObjectLink(EntityKinds.Company, Fabrikam, "18")]));

        var found = await Store.GetObjectLinksAsync(EntityKinds.Company, [Contoso, Guid.Parse("00000000-0000-0000-0000-000000000001")]);

        Assert.Equal([new ObjectLink(EntityKinds.Company, Contoso, "17")], found);
        Assert.Equal(2, await Store.CountObjectLinksAsync(EntityKinds.Company));
        Assert.Empty(await Store.GetObjectLinksAsync(EntityKinds.Person, [Contoso]));
    }

    [StoreFact]
    public async Task SetObjectLinksAsync_SameRecordAgain_ReplacesTheMarketoId()
    {
        await InTransaction(t => t.SetObjectLinksAsync([new ObjectLink(EntityKinds.Company, Contoso, "17")]));
        await InTransaction(t => t.SetObjectLinksAsync([new ObjectLink(EntityKinds.Company, Contoso, "21")]));

        Assert.Equal([new ObjectLink(EntityKinds.Company, Contoso, "21")], await Store.GetObjectLinksAsync(EntityKinds.Company, [Contoso]));
        Assert.Equal(1, await Store.CountObjectLinksAsync(EntityKinds.Company));
    }

    [StoreFact]
    public async Task RemoveObjectLinksAsync_Committed_RemovesOnlyThoseRecords()
    {
        await InTransaction(t => t.SetObjectLinksAsync([new ObjectLink(EntityKinds.Company, Contoso, "17"), new ObjectLink(EntityKinds.Company, Fabrikam, "18")]));

        await InTransaction(t => t.RemoveObjectLinksAsync(EntityKinds.Company, [Contoso, Guid.Parse("00000000-0000-0000-0000-000000000002")]));

        Assert.Empty(await Store.GetObjectLinksAsync(EntityKinds.Company, [Contoso]));
        Assert.Equal([new ObjectLink(EntityKinds.Company, Fabrikam, "18")], await Store.GetObjectLinksAsync(EntityKinds.Company, [Fabrikam]));
    }

    [StoreFact]
    public async Task SetObjectLinksAsync_RolledBack_KeepsNothing()
    {
        await using (var transaction = await Store.BeginAsync())
        {
            await transaction.SetObjectLinksAsync([new ObjectLink(EntityKinds.Company, Contoso, "17")]);
        }

        Assert.Equal(0, await Store.CountObjectLinksAsync(EntityKinds.Company));
    }
}
