using System.Net;
using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.RealTime;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.Tests.Ops;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.SyncAgent.Tests.RealTime;

/// <summary>The cycle's step that carries out kept sync-person requests (issue 18 item 4): its failure and linked-meanwhile paths.</summary>
public sealed class KeptPersonRequestsTests : IAsyncLifetime
{
    private OpsTestHost _host = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _host = await OpsTestHost.StartAsync();
        _services = _host.BuildServices();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _host.DisposeAsync();
    }

    private StateStore State => _services.GetRequiredService<StateStore>();

    [Fact]
    public async Task CarryOutAsync_DynamicsFailsAgain_StaysKeptAndTheNextRunCreatesIt_LinkedMeanwhileIsDropped()
    {
        var linked = _host.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "linked@example.com" });
        var failing = _host.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "failing@example.com", ["lastName"] = "Kept" });
        await State.ReservePersonRecordAsync(linked, SyncEntity.Lead);
        await State.ReservePersonRecordAsync(failing, SyncEntity.Contact);
        var other = new RecordKey(SyncEntity.Lead, Guid.NewGuid());
        await using (var transaction = await State.BeginAsync())
        {
            // The backfill matched this person by e-mail while its request waited.
            await transaction.AddLinksAsync([new Link(linked, other)]);
            await transaction.CommitAsync();
        }

        _host.Dataverse.Handler.EnqueueJson("""{"error":{"code":"0x80040216","message":"Service unavailable."}}""", HttpStatusCode.ServiceUnavailable);
        var sut = _services.GetRequiredService<KeptRequests>();

        var first = await sut.CarryOutAsync(CancellationToken.None);

        Assert.Equal(1, first);
        Assert.Equal(new[] { new PendingPersonRequest(failing, SyncEntity.Contact) }, await State.GetPendingPersonRequestsAsync());
        Assert.Equal(other, (await State.FindLinkAsync(linked))?.Record);
        Assert.Null(await State.FindLinkAsync(failing));

        var second = await sut.CarryOutAsync(CancellationToken.None);

        Assert.Equal(1, second);
        Assert.Empty(await State.GetPendingPersonRequestsAsync());
        Assert.Equal(new RecordKey(SyncEntity.Contact, PersonRecordId.For(failing)), (await State.FindLinkAsync(failing))?.Record);
        Assert.Equal("Kept", (string?)_host.Dataverse.Records[$"contacts({PersonRecordId.For(failing):D})"]["lastname"]);
    }
}
