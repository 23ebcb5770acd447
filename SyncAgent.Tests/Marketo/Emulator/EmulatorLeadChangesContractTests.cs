using CrmSync.SyncAgent.Marketo;
using static CrmSync.SyncAgent.Tests.Marketo.Emulator.EmulatorRecords;

namespace CrmSync.SyncAgent.Tests.Marketo.Emulator;

/// <summary>
/// Get Paging Token and Get Lead Changes against the emulator, with changes made by a marketer (admin edits) and by
/// the API (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/paging-tokens,
/// https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/activities, "Data value changes").
/// </summary>
public sealed class EmulatorLeadChangesContractTests
{
    private static readonly string[] MappedFields = ["title", "firstName"];

    [Fact]
    public async Task ReadLeadChanges_MarketerEditsAcrossSeveralPages_ReturnsEveryMappedChangeInOrderAndNothingElse()
    {
        await using var sut = await ConnectorOnEmulator.StartAsync();
        var ids = sut.Admin.SeedPersons(Enumerable.Range(1, 3).Select(Person));
        var since = sut.Time.GetUtcNow();
        sut.Time.Advance(TimeSpan.FromMinutes(1));
        var token = await sut.Client.GetPagingTokenAsync(since, CancellationToken.None);
        var expected = new List<(long Lead, string Field, string Value)>();
        for (var i = 0; i < 120; i++)
        {
            var id = ids[i % 3];
            sut.Admin.EditPerson(id, new Dictionary<string, object?> { ["title"] = $"Title {i}", ["city"] = $"City {i}" });
            expected.Add((id, "title", $"Title {i}"));
        }

        sut.Admin.EditPerson(ids[0], new Dictionary<string, object?> { ["firstName"] = "Renamed" });
        expected.Add((ids[0], "firstName", "Renamed"));

        var pages = await ReadAllAsync(sut, token, batchSize: 50);

        var changes = pages.SelectMany(p => p.Changes).ToList();
        Assert.True(pages.Count >= 3, $"expected several pages, got {pages.Count}");
        Assert.All(pages.SkipLast(1), p => Assert.True(p.MoreResult));
        Assert.False(pages[^1].MoreResult);
        Assert.All(changes, c => Assert.Equal(LeadChange.ChangeDataValueTypeId, c.ActivityTypeId));
        Assert.Equal(expected, changes.Select(c => (c.LeadId, Assert.Single(c.Fields).Name, MarketoValues.ToText(c.Fields[0].NewValue)!)));
        Assert.Equal(changes.Count, changes.Select(c => c.MarketoGuid).Distinct().Count());
        Assert.All(changes, c => Assert.Equal("Person Detail", c.GetAttribute("Source")));
        Assert.Null(MarketoValues.ToText(changes[0].Fields[0].OldValue));
        Assert.Equal("Title 0", MarketoValues.ToText(changes[3].Fields[0].OldValue));
        Assert.Equal(since.AddMinutes(1), changes[0].ActivityDate);
    }

    [Fact]
    public async Task ReadLeadChanges_FromTheLastPagesToken_ReturnsOnlyLaterChanges()
    {
        await using var sut = await ConnectorOnEmulator.StartAsync();
        var id = sut.Admin.SeedPerson(Person(1));
        var token = await sut.Client.GetPagingTokenAsync(sut.Time.GetUtcNow(), CancellationToken.None);
        sut.Admin.EditPerson(id, new Dictionary<string, object?> { ["title"] = "First" });
        var first = await ReadAllAsync(sut, token, batchSize: 300);

        sut.Admin.EditPerson(id, new Dictionary<string, object?> { ["title"] = "Second" });
        var second = await ReadAllAsync(sut, first[^1].NextPageToken, batchSize: 300);

        Assert.Equal("First", MarketoValues.ToText(Assert.Single(first.SelectMany(p => p.Changes)).Fields[0].NewValue));
        Assert.Equal("Second", MarketoValues.ToText(Assert.Single(second.SelectMany(p => p.Changes)).Fields[0].NewValue));
    }

    [Fact]
    public async Task GetPagingToken_SinceADateBetweenEdits_SkipsTheEarlierEdits()
    {
        await using var sut = await ConnectorOnEmulator.StartAsync();
        var id = sut.Admin.SeedPerson(Person(1));
        sut.Admin.EditPerson(id, new Dictionary<string, object?> { ["title"] = "Before" });
        sut.Time.Advance(TimeSpan.FromMinutes(1));
        var since = sut.Time.GetUtcNow();
        sut.Time.Advance(TimeSpan.FromMinutes(1));
        sut.Admin.EditPerson(id, new Dictionary<string, object?> { ["title"] = "After" });

        var token = await sut.Client.GetPagingTokenAsync(since, CancellationToken.None);
        var changes = (await ReadAllAsync(sut, token, batchSize: 300)).SelectMany(p => p.Changes).ToList();

        Assert.Equal("After", MarketoValues.ToText(Assert.Single(changes).Fields[0].NewValue));
    }

    [Fact]
    public async Task ReadLeadChanges_ApiWrites_MarkedWebServiceApiAndNewLeadsReported()
    {
        await using var sut = await ConnectorOnEmulator.StartAsync();
        var id = sut.Admin.SeedPerson(Person(1));
        var token = await sut.Client.GetPagingTokenAsync(sut.Time.GetUtcNow(), CancellationToken.None);

        await sut.Client.SyncLeadsAsync(SyncLeadsAction.UpdateOnly, "id", [Record(("id", (long)id), ("title", "From CRM"))], CancellationToken.None);
        var created = await sut.Client.SyncLeadsAsync(SyncLeadsAction.CreateOrUpdate, "email", [Record(("email", "fresh@example.com"), ("firstName", "Fresh"))], CancellationToken.None);
        sut.Admin.EditPerson(id, new Dictionary<string, object?> { ["title"] = "From marketer" });
        var changes = (await ReadAllAsync(sut, token, batchSize: 300)).SelectMany(p => p.Changes).ToList();

        var apiChange = changes[0];
        Assert.Equal((id, "title", "From CRM"), (apiChange.LeadId, apiChange.Fields[0].Name, MarketoValues.ToText(apiChange.Fields[0].NewValue)));
        Assert.Equal("Web service API", apiChange.GetAttribute("Source"));
        var newLead = changes[1];
        Assert.True(newLead.IsNewLead);
        Assert.Equal(created[0].Id, newLead.LeadId);
        var marketerChange = changes[^1];
        Assert.Equal("From marketer", MarketoValues.ToText(marketerChange.Fields[0].NewValue));
        Assert.NotEqual("Web service API", marketerChange.GetAttribute("Source"));
    }

    private static async Task<List<LeadChangePage>> ReadAllAsync(ConnectorOnEmulator sut, string token, int batchSize)
    {
        var pages = new List<LeadChangePage>();
        await foreach (var page in sut.Client.ReadLeadChangesAsync(token, MappedFields, batchSize, CancellationToken.None))
        {
            pages.Add(page);
        }

        return pages;
    }
}
