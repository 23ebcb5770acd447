using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.Tests.Postgres;
using static CrmSync.SyncAgent.Tests.Engine.PlanData;

namespace CrmSync.SyncAgent.Tests.State;

/// <summary>Kept sync-person requests (issue 18 item 4): a reservation is a kept request until the link commit or a release removes it.</summary>
public abstract partial class StateStoreContractTests
{
    [StoreFact]
    public async Task GetPendingPersonRequestsAsync_Reserved_KeptUntilLinkedOrReleased()
    {
        await Store.ReservePersonRecordAsync(42, SyncEntity.Contact);
        await Store.ReservePersonRecordAsync(7, SyncEntity.Lead);
        await InTransaction(t => t.SetMarkerAsync("reserve:not-a-number", "lead"));

        Assert.Equal(new[] { new PendingPersonRequest(7, SyncEntity.Lead), new PendingPersonRequest(42, SyncEntity.Contact) }, await Store.GetPendingPersonRequestsAsync());
        Assert.Equal(new PendingPersonRequest(42, SyncEntity.Contact), await Store.FindPendingPersonRequestAsync(42));
        Assert.Null(await Store.FindPendingPersonRequestAsync(8));

        await InTransaction(async t =>
        {
            await t.AddLinksAsync([new Link(42, Contact(42))]);
            await t.ClearMarkerAsync(StateStore.ReservationMarker(42));
        });
        await Store.ReleasePersonRecordAsync(7);

        Assert.Empty(await Store.GetPendingPersonRequestsAsync());
    }
}
