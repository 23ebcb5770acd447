using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Tests.EndToEnd;

/// <summary>
/// Bounded cycles (DESIGN B22) against both emulators, with the real plug-in staging the Dynamics changes and
/// <c>CrmSync:Sync:ChunkSize</c> 2: Marketo's feed is read in pages of 2 persons, and a Marketo chunk pulls its
/// persons' staging rows from Dataverse by <c>crmsync_recordid</c>.
/// </summary>
public sealed class ChunkedCycleTests
{
    [Theory]
    [InlineData("lead", "Marketo title")]
    [InlineData("contact", "Dynamics title")]
    public async Task Cycle_ChunkSize2_PersonChangedOnBothSidesInDifferentChunks_EntityRuleDecides(string entity, string winner)
    {
        await using var sut = await SyncHarness.StartAsync(settings => settings["CrmSync:Sync:ChunkSize"] = "2");
        var (records, persons) = await LinkedAsync(sut, entity, "Chunk", 5);

        // Marketo: record 0's person first (the feed's first chunk), then three more persons.
        sut.EditInMarketo(persons[0], ("title", "Marketo title"));
        for (var i = 1; i <= 3; i++)
        {
            sut.EditInMarketo(persons[i], ("title", $"Title {i}"));
        }

        // Dynamics: three other records first, record 0's change last in staging order (a staging chunk of its own).
        for (var i = 2; i <= 4; i++)
        {
            sut.UpdateAsMaker(entity, records[i], ("lastname", $"Renamed{i}"));
        }

        sut.UpdateAsMaker(entity, records[0], ("jobtitle", "Dynamics title"));
        sut.Dataverse.Admin.ClearRequestLog();
        sut.Marketo.Admin.ResetRequestLog();

        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal(1, report.Record.Collisions);
        Assert.Equal(winner, sut.DynamicsValue(entity, records[0], "jobtitle"));
        Assert.Equal(winner, sut.MarketoValue(persons[0], "title"));
        Assert.Equal(["Title 1", "Title 2", "Title 3"], Enumerable.Range(1, 3).Select(i => sut.DynamicsValue(entity, records[i], "jobtitle")));
        Assert.Equal(["Renamed2", "Renamed3", "Renamed4"], Enumerable.Range(2, 3).Select(i => sut.MarketoValue(persons[i], "lastName")));
        // Record 0's row came with the Marketo chunk of its person: read by its record id.
        Assert.Contains(sut.Dataverse.Admin.RequestLog, e => e.Method == "GET"
            && e.Url.Contains("crmsync_syncevents", StringComparison.Ordinal)
            && Uri.UnescapeDataString(e.Url).Contains($"crmsync_recordid eq '{records[0]:D}'", StringComparison.Ordinal));

        // A chunk asks Marketo for no more than it has room for: pages of at most 2 activities.
        Assert.All(
            sut.Marketo.Admin.GetRequestLog().Where(e => e.Path.EndsWith("/leadchanges.json", StringComparison.Ordinal)),
            e => Assert.Matches("batchSize=[12](&|$)", e.Query));

        await sut.RunCycleAsync();
        var idle = await sut.RunCycleAsync();

        Assert.Equal((0, 0), (idle.Record.CrmWritten, idle.Record.MarketoWritten));
        Assert.Equal(winner, sut.DynamicsValue(entity, records[0], "jobtitle"));
        Assert.Equal(winner, sut.MarketoValue(persons[0], "title"));
        Assert.Equal(0, sut.StagingRowCount);
    }
    [Fact]
    public async Task Cycle_ChunkSize2_DynamicsBulkUpdate_EachStagingChunkReadsPagesOfAtMostThreeRows()
    {
        // Issue 17: a staging chunk asks Dataverse for what it has room for (ChunkSize 2) plus one row that tells whether
        // rows are left, not for a full page of 5,000 it then mostly drops.
        await using var sut = await SyncHarness.StartAsync(settings => settings["CrmSync:Sync:ChunkSize"] = "2");
        var records = Enumerable.Range(0, 5)
            .Select(i => sut.CreateAsMaker("contact", ("lastname", $"Bulk{i}"), ("emailaddress1", $"bulk{i}@example.com"), ("jobtitle", "Original")))
            .ToList();
        await sut.RunCycleAsync();
        await sut.RunCycleAsync();
        var persons = new List<long>();
        foreach (var record in records)
        {
            persons.Add(await sut.LinkedPersonAsync("contact", record));
        }

        for (var i = 0; i < 5; i++)
        {
            sut.UpdateAsMaker("contact", records[i], ("jobtitle", $"Bulk title {i}"));
        }

        sut.Dataverse.Admin.ClearRequestLog();

        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal(["Bulk title 0", "Bulk title 1", "Bulk title 2", "Bulk title 3", "Bulk title 4"], persons.Select(p => sut.MarketoValue(p, "title")));
        var stagingPages = sut.Dataverse.Admin.RequestLog
            .Where(e => e.Method == "GET" && e.Url.Contains("crmsync_syncevents", StringComparison.Ordinal) && !Uri.UnescapeDataString(e.Url).Contains("crmsync_recordid eq", StringComparison.Ordinal))
            .Select(e => e.PageRows)
            .ToList();
        // Three staging chunks (2 + 2 + 1 records): 3 rows, 3 rows (the third tells that rows are left), then the last 1.
        Assert.Equal([3, 3, 1], stagingPages);
        Assert.Equal(0, sut.StagingRowCount);
    }

    [Theory]
    [InlineData("lead", "Marketo title 2")]
    [InlineData("contact", "Dynamics title")]
    public async Task Cycle_ChunkSize2_FieldChangedTwiceInMarketoInDifferentChunksAndInDynamics_OneCollisionAndTheUnchunkedWinner(
        string entity, string winner)
    {
        // The boundary case of README "Bounded cycles": person 0's title changes in Marketo twice, the two changes on
        // pages of different chunks (chunk 1: persons 0 and 1; chunk 2: persons 2 and 0 again), and in Dynamics once.
        // Chunk 1 plans the first Marketo change with the Dynamics change (pulled by record): one collision, the entity's
        // rule decides. Chunk 2's Marketo change is a change of its own against the value agreed. For a contact, chunk 1
        // wrote the Dynamics value to Marketo, and that write comes back in the feed after it: both sides end where an
        // unchunked cycle would put them (a lead: Marketo's later value; a contact: Dynamics' value).
        await using var sut = await SyncHarness.StartAsync(settings => settings["CrmSync:Sync:ChunkSize"] = "2");
        var (records, persons) = await LinkedAsync(sut, entity, "Twice", 3);

        sut.EditInMarketo(persons[0], ("title", "Marketo title 1"));
        sut.EditInMarketo(persons[1], ("title", "Other title 1"));
        sut.EditInMarketo(persons[2], ("title", "Other title 2"));
        sut.EditInMarketo(persons[0], ("title", "Marketo title 2"));
        sut.UpdateAsMaker(entity, records[0], ("jobtitle", "Dynamics title"));
        sut.Marketo.Admin.ResetRequestLog();

        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal(1, report.Record.Collisions);
        var history = await sut.State.GetHistoryAsync(persons[0]);
        var collision = Assert.Single(history, e => e.Kind == HistoryKinds.Collision);
        Assert.Equal(("title", "Dynamics title", "Marketo title 1"), (collision.Field, collision.Old, collision.New));
        var titleWrites = history.Where(e => e.Kind == HistoryKinds.Write && e.Field == "title").Select(e => (e.Direction, e.New)).ToList();
        Assert.Equal(
            entity == "contact"
                ? [(SyncDirection.ToMarketo, "Dynamics title"), (SyncDirection.ToDynamics, "Marketo title 2"), (SyncDirection.ToDynamics, "Dynamics title")]
                : [(SyncDirection.ToDynamics, "Marketo title 1"), (SyncDirection.ToDynamics, "Marketo title 2")],
            titleWrites);
        Assert.Equal(winner, sut.DynamicsValue(entity, records[0], "jobtitle"));
        Assert.Equal(winner, sut.MarketoValue(persons[0], "title"));
        Assert.Equal(["Other title 1", "Other title 2"], Enumerable.Range(1, 2).Select(i => sut.DynamicsValue(entity, records[i], "jobtitle")));
        // The two changes of person 0 were read in different chunks: pages of at most 2 activities.
        Assert.All(
            sut.Marketo.Admin.GetRequestLog().Where(e => e.Path.EndsWith("/leadchanges.json", StringComparison.Ordinal)),
            e => Assert.Matches("batchSize=[12](&|$)", e.Query));

        var idle = await sut.RunCycleAsync();

        Assert.Equal((0, 0, 0), (idle.Record.CrmWritten, idle.Record.MarketoWritten, idle.Record.Collisions));
        Assert.Single(await sut.State.GetHistoryAsync(persons[0]), e => e.Kind == HistoryKinds.Collision);
    }

    /// <summary>
    /// <paramref name="count"/> records of <paramref name="entity"/> made by a maker (last name <paramref name="name"/>i,
    /// job title "Original") and linked by two cycles; with their Marketo persons, in order.
    /// </summary>
    private static async Task<(List<Guid> Records, List<long> Persons)> LinkedAsync(SyncHarness sut, string entity, string name, int count)
    {
        var records = Enumerable.Range(0, count)
            .Select(i => sut.CreateAsMaker(entity, ("lastname", $"{name}{i}"), ("emailaddress1", $"{name.ToLowerInvariant()}{i}-{entity}@example.com"), ("jobtitle", "Original")))
            .ToList();
        await sut.RunCycleAsync();
        await sut.RunCycleAsync();
        var persons = new List<long>();
        foreach (var record in records)
        {
            persons.Add(await sut.LinkedPersonAsync(entity, record));
        }

        return (records, persons);
    }
}
