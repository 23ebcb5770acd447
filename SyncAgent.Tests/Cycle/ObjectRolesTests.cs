using System.Text.Json;
using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Marketo;
using CrmSync.SyncAgent.State.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace CrmSync.SyncAgent.Tests.Cycle;

/// <summary>
/// <see cref="ObjectRoles.RemoveStaleAsync"/> (DESIGN B16): an opportunity whose customer contact changed loses the former
/// contact's role (found by externalOpportunityId, deleted by its dedupe fields); the new contact's role and roles under
/// other names stay; a refused delete is reported with its code.
/// </summary>
public sealed class ObjectRolesTests : IAsyncDisposable
{
    private static readonly Guid Renewal = new("5e0c1f7e-2d3a-4c5b-9e8f-202122232425");
    private static readonly Guid Grace = new("00000000-0000-0000-0000-00000000c001");
    private const long GracePerson = 2002;

    private static readonly ObjectMapping Mapping = new(EntityKinds.Opportunity, EntityKinds.Opportunity.DefaultFields) { RoleName = "Decision Maker" };

    private readonly FakeMarketo _marketo = new();
    private readonly SqliteStateStore _state = new("Data Source=:memory:", new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero)));

    public ValueTask DisposeAsync() => _state.DisposeAsync();

    private async Task<ObjectRoles> CreateSutAsync(long leadId, string role)
    {
        await _state.InitializeAsync();
        await using var transaction = await _state.BeginAsync();
        await transaction.AddLinksAsync([new Link(GracePerson, new RecordKey(SyncEntity.Contact, Grace))]);
        await transaction.CommitAsync();
        // The fake keeps one role per opportunity (keyed by its external id): enough for one former contact.
        _marketo.Objects["opportunities/roles"] = new()
        {
            ["5e0c1f7e-2d3a-4c5b-9e8f-202122232425"] = new()
            {
                ["externalOpportunityId"] = JsonSerializer.SerializeToElement("5e0c1f7e-2d3a-4c5b-9e8f-202122232425"),
                ["leadId"] = JsonSerializer.SerializeToElement(leadId),
                ["role"] = JsonSerializer.SerializeToElement(role),
            },
        };
        return new ObjectRoles(_marketo, _state);
    }

    [Theory]
    [InlineData(1001L, "Decision Maker", true)]   // the former contact's role written by CrmSync: deleted
    [InlineData(GracePerson, "Decision Maker", false)] // the new contact's own role: kept
    [InlineData(1001L, "Influencer", false)]       // a role CrmSync did not write: kept
    public async Task RemoveStaleAsync_CustomerNowGrace_DeletesOnlyCrmSyncsRoleOfAnotherPerson(long leadId, string role, bool deleted)
    {
        var sut = await CreateSutAsync(leadId, role);

        var result = await sut.RemoveStaleAsync(Mapping, [new ObjectRoleReplaced(Renewal, Grace)], CancellationToken.None);

        Assert.Equal((deleted ? 1 : 0, 0, !deleted), (result.Written, result.Refused.Count, _marketo.Objects["opportunities/roles"].Count == 1));
    }

    [Fact]
    public async Task RemoveStaleAsync_NoContactNow_DeletesTheRole()
    {
        var sut = await CreateSutAsync(1001, "Decision Maker");

        var result = await sut.RemoveStaleAsync(Mapping, [new ObjectRoleReplaced(Renewal, null)], CancellationToken.None);

        Assert.Equal(1, result.Written);
        Assert.Empty(_marketo.Objects["opportunities/roles"]);
    }

    [Fact]
    public async Task RemoveStaleAsync_MarketoRefusesTheDelete_ReportedWithItsCode()
    {
        var sut = await CreateSutAsync(1001, "Decision Maker");
        _marketo.RefuseDeletes = new MarketoReason { Code = "1003", Message = "Invalid data" };

        var result = await sut.RemoveStaleAsync(Mapping, [new ObjectRoleReplaced(Renewal, Grace)], CancellationToken.None);

        Assert.Equal(0, result.Written);
        Assert.Equal([(Renewal, (string?)"1003", "Invalid data")], result.Refused);
    }
}
