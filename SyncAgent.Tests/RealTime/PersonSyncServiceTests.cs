using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.RealTime;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.Tests.Ops;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.SyncAgent.Tests.RealTime;

/// <summary>
/// Sync person (DESIGN B4). Creates are PATCH with If-None-Match: * ("Prevent update in upsert",
/// https://learn.microsoft.com/power-apps/developer/data-platform/webapi/perform-conditional-operations-using-web-api).
/// </summary>
public sealed class PersonSyncServiceTests : IAsyncLifetime
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

    private PersonSyncService CreateSut() => _services.GetRequiredService<PersonSyncService>();

    private StateStore State => _services.GetRequiredService<StateStore>();

    [Fact]
    public async Task SyncAsync_UnlinkedPerson_CreatesLeadWithDerivedIdAndLinksWithShadows()
    {
        var id = _host.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "ada@example.com", ["firstName"] = "Ada", ["lastName"] = "Lovelace" });

        var result = await CreateSut().SyncAsync(id, SyncEntity.Lead, CancellationToken.None);

        Assert.Equal(PersonSyncOutcome.Created, result.Outcome);
        var recordId = PersonRecordId.For(id);
        Assert.Equal(new RecordKey(SyncEntity.Lead, recordId), result.Record);
        var body = _host.Dataverse.Records[$"leads({recordId:D})"];
        Assert.Equal("ada@example.com", (string?)body["emailaddress1"]);
        Assert.Equal("Lovelace", (string?)body["lastname"]);
        Assert.Equal(new Link(id, new RecordKey(SyncEntity.Lead, recordId)), await State.FindLinkAsync(id));
        var shadows = await State.GetShadowsAsync([id]);
        Assert.Contains(shadows, s => s.Field == "firstName" && s.Value.Text == "Ada");
    }

    [Fact]
    public async Task SyncAsync_AlreadyLinked_WritesNothingAndSaysUpdatesTravelWithTheBackgroundSync()
    {
        var id = _host.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "bob@example.com" });
        var existing = new RecordKey(SyncEntity.Contact, Guid.NewGuid());
        await using (var transaction = await State.BeginAsync())
        {
            await transaction.AddLinksAsync([new Link(id, existing)]);
            await transaction.CommitAsync();
        }

        var result = await CreateSut().SyncAsync(id, SyncEntity.Lead, CancellationToken.None);

        Assert.Equal(PersonSyncOutcome.AlreadyLinked, result.Outcome);
        Assert.Contains($"already linked to contact {existing.Id:D}", result.Message, StringComparison.Ordinal);
        Assert.Contains("updates travel with the background sync", result.Message, StringComparison.Ordinal);
        Assert.Empty(_host.Dataverse.Handler.Requests);
    }

    [Fact]
    public async Task SyncAsync_TwoConcurrentCallsForOnePerson_CreateOneRecord()
    {
        var id = _host.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "cy@example.com" });
        var sut = CreateSut();
        _host.Dataverse.HoldCreates = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = Task.Run(() => sut.SyncAsync(id, SyncEntity.Lead, CancellationToken.None));
        await _host.Dataverse.HoldCreates.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var marketoCallsWhileHeld = _host.Marketo.Admin.GetRequestLog().Count;
        // Forced interleaving: the first call is inside its Dynamics create. The second is called on this thread (not
        // Task.Run), so before it returns it has run up to its first wait: the per-person lock. Without that lock it
        // would already be asking Marketo for the person, on its way to a second create.
        var second = sut.SyncAsync(id, SyncEntity.Lead, CancellationToken.None);
        var secondParked = !second.IsCompleted && _host.Marketo.Admin.GetRequestLog().Count == marketoCallsWhileHeld;
        _host.Dataverse.ReleaseCreates.SetResult();
        var results = await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(secondParked, "The second call did not wait for the first while the first was creating the record.");
        Assert.Single(_host.Dataverse.Records);
        Assert.Single(_host.Dataverse.Patches("leads"));
        Assert.All(results, r => Assert.Equal(PersonRecordId.For(id), r.Record?.Id));
        Assert.Contains(results, r => r.Outcome == PersonSyncOutcome.Created);
        Assert.Contains(results, r => r.Outcome == PersonSyncOutcome.AlreadyLinked);
    }

    [Fact]
    public async Task SyncAsync_PersonWithoutEmail_CreatesAndLinks()
    {
        var id = _host.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["lastName"] = "Nomail" });

        var result = await CreateSut().SyncAsync(id, SyncEntity.Lead, CancellationToken.None);

        Assert.Equal(PersonSyncOutcome.Created, result.Outcome);
        var body = _host.Dataverse.Records[$"leads({PersonRecordId.For(id):D})"];
        Assert.False(body.ContainsKey("emailaddress1"));
        Assert.NotNull(await State.FindLinkAsync(id));
    }

    [Fact]
    public async Task SyncAsync_AsContact_CreatesContact()
    {
        var id = _host.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "dee@example.com" });

        var result = await CreateSut().SyncAsync(id, SyncEntity.Contact, CancellationToken.None);

        Assert.Equal(SyncEntity.Contact, result.Record?.Entity);
        Assert.True(_host.Dataverse.Records.ContainsKey($"contacts({PersonRecordId.For(id):D})"));
    }

    [Fact]
    public async Task SyncAsync_RecordAlreadyInDynamics_LinksWithoutOverwriting()
    {
        var id = _host.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "eve@example.com" });
        _host.Dataverse.Records[$"leads({PersonRecordId.For(id):D})"] = new System.Text.Json.Nodes.JsonObject { ["lastname"] = "Kept" };

        var result = await CreateSut().SyncAsync(id, SyncEntity.Lead, CancellationToken.None);

        Assert.Equal(PersonSyncOutcome.Linked, result.Outcome);
        Assert.Equal("Kept", (string?)_host.Dataverse.Records[$"leads({PersonRecordId.For(id):D})"]["lastname"]);
        Assert.NotNull(await State.FindLinkAsync(id));
        Assert.Empty(await State.GetShadowsAsync([id]));
    }

    [Fact]
    public async Task SyncAsync_SecuredColumnWithoutAccess_IsNeitherWrittenNorShadowed()
    {
        _host.Dataverse.Secured["jobtitle"] = ["read"];
        var id = _host.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "fay@example.com", ["title"] = "CEO" });

        var result = await CreateSut().SyncAsync(id, SyncEntity.Lead, CancellationToken.None);

        Assert.Equal(["jobtitle"], result.SkippedFields);
        Assert.False(_host.Dataverse.Records[$"leads({PersonRecordId.For(id):D})"].ContainsKey("jobtitle"));
        Assert.DoesNotContain(await State.GetShadowsAsync([id]), s => s.Field == "title");
    }

    [Fact]
    public async Task SyncAsync_DynamicsRefusesTheCreate_RecordsRejectionAndDoesNotLink()
    {
        _host.Dataverse.RejectCreatesWith = "Last name must not be empty.";
        var id = _host.Marketo.Admin.SeedPerson(new Dictionary<string, object?> { ["email"] = "gil@example.com" });

        var result = await CreateSut().SyncAsync(id, SyncEntity.Lead, CancellationToken.None);

        Assert.Equal(PersonSyncOutcome.Rejected, result.Outcome);
        Assert.Null(await State.FindLinkAsync(id));
        var rejection = Assert.Single(await State.SearchRejectionsAsync(new RejectionQuery()));
        Assert.Equal("0x80040265", rejection.ErrorCode);
        Assert.Equal(id, rejection.MarketoId);
    }

    [Fact]
    public async Task SyncAsync_UnknownPerson_AnswersNotFound()
    {
        var result = await CreateSut().SyncAsync(987654, SyncEntity.Lead, CancellationToken.None);

        Assert.Equal(PersonSyncOutcome.NotFound, result.Outcome);
        Assert.Empty(_host.Dataverse.Records);
    }

    [Fact]
    public void PersonRecordId_SameMarketoId_SameVersion5Guid()
    {
        var id = PersonRecordId.For(42);

        Assert.Equal(id, PersonRecordId.For(42));
        Assert.NotEqual(id, PersonRecordId.For(43));
        Assert.Equal(5, id.Version);
    }
}
