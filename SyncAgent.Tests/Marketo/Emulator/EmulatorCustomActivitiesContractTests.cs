using System.Text.Json;
using CrmSync.SyncAgent.Marketo;
using static CrmSync.SyncAgent.Tests.Marketo.Emulator.EmulatorRecords;

namespace CrmSync.SyncAgent.Tests.Marketo.Emulator;

/// <summary>
/// Custom activity types (create as draft, add attributes, approve) and Add Custom Activities against the emulator
/// (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/activities,
/// "Custom Activity Types" and "Add Custom Activities").
/// </summary>
public sealed class EmulatorCustomActivitiesContractTests
{
    private static readonly CustomActivityTypeDefinition SyncResult = new(
        "crmsyncResult",
        "CrmSync result",
        "CrmSync result recorded",
        "Had CrmSync result",
        "Outcome of a CrmSync write",
        new CustomActivityAttribute("outcome", "Outcome", "string"),
        [new CustomActivityAttribute("entity", "Entity", "string"), new CustomActivityAttribute("fieldCount", "Field count", "integer")]);

    [Fact]
    public async Task EnsureCustomActivityType_NoTypeYet_CreatesAddsAttributesAndApprovesOnce()
    {
        await using var sut = await ConnectorOnEmulator.StartAsync();

        var first = await sut.Client.EnsureCustomActivityTypeAsync(SyncResult, CancellationToken.None);
        var second = await sut.Client.EnsureCustomActivityTypeAsync(SyncResult, CancellationToken.None);

        var type = Assert.Single(sut.Admin.GetCustomActivityTypes());
        Assert.Equal(("crmsyncResult", "approved"), (type.ApiName, type.Status));
        Assert.Equal(["entity", "fieldCount"], type.Attributes.Select(a => a.ApiName));
        Assert.Equal(type.Id, first.Id);
        Assert.Equal(type.Id, second.Id);
        Assert.True(second.IsApproved);
        Assert.Equal(1, sut.RequestCount("POST", "/rest/v1/activities/external/type.json"));
        Assert.Equal(1, sut.RequestCount("POST", "/rest/v1/activities/external/type/crmsyncResult/approve.json"));
    }

    [Fact]
    public async Task EnsureCustomActivityType_DraftWithoutAttributes_AddsThemBeforeApproving()
    {
        // Found by the crash-consistency trials: a run killed between creating the type and adding its attributes left
        // a draft that the next run approved bare, so every activity was refused with 1006 (field not found).
        await using var sut = await ConnectorOnEmulator.StartAsync();
        var bare = SyncResult with { Attributes = [] };
        await sut.Client.CreateCustomActivityTypeAsync(bare, CancellationToken.None);

        var ensured = await sut.Client.EnsureCustomActivityTypeAsync(SyncResult, CancellationToken.None);

        var type = Assert.Single(sut.Admin.GetCustomActivityTypes());
        Assert.Equal("approved", type.Status);
        Assert.Equal(["entity", "fieldCount"], type.Attributes.Select(a => a.ApiName));
        Assert.Equal(type.Id, ensured.Id);
    }

    [Fact]
    public async Task AddCustomActivities_ApprovedType_AddedAndReadableBackUnknownLeadSkippedWith1004()
    {
        await using var sut = await ConnectorOnEmulator.StartAsync();
        var ids = sut.Admin.SeedPersons(Enumerable.Range(1, 2).Select(Person));
        var type = await sut.Client.EnsureCustomActivityTypeAsync(SyncResult, CancellationToken.None);
        var at = new DateTimeOffset(2025, 3, 4, 11, 30, 0, TimeSpan.Zero);
        CustomActivity Activity(long lead, string outcome) => new(
            lead, at, type.Id!.Value, outcome,
            new Dictionary<string, JsonElement> { ["entity"] = MarketoValues.String("contact"), ["fieldCount"] = MarketoValues.FromText("3", "integer") });

        var results = await sut.Client.AddCustomActivitiesAsync(
            [Activity(ids[0], "updated"), Activity(999, "lost"), Activity(ids[1], "created")], CancellationToken.None);

        Assert.Equal([MarketoRecordStatus.Added, MarketoRecordStatus.Skipped, MarketoRecordStatus.Added], results.Select(r => r.Status));
        Assert.Equal("1004", Assert.Single(results[1].Reasons).Code);
        Assert.NotNull(results[0].MarketoGuid);
        var stored = Assert.Single(sut.Admin.GetActivities(ids[0], type.Id));
        Assert.Equal(("updated", at), (stored.PrimaryAttributeValue, stored.ActivityDate));
        Assert.Equal("contact", stored.Attribute("entity"));
        Assert.Equal(3L, stored.Attribute("fieldCount"));
        Assert.Equal(results[0].MarketoGuid, stored.MarketoGuid);
        Assert.Equal("created", Assert.Single(sut.Admin.GetActivities(ids[1], type.Id)).PrimaryAttributeValue);
    }
}
