namespace CrmSync.SyncAgent.Tests.EndToEnd;

/// <summary>
/// The first cycle counts the backfill's writes, and Marketo changes equal to the stored shadow are dropped while the
/// lead changes are read (issue 8, first-run memory) without losing a value changed and changed back.
/// </summary>
public sealed class MarketoEchoTests
{
    [Fact]
    public async Task FirstCycle_BackfillCreatesPersons_RecordCountsTheirWritesAndDropsTheirEchoes()
    {
        await using var sut = await SyncHarness.StartAsync();
        sut.Dataverse.Admin.BulkInsert("contact", Enumerable.Range(0, 3).Select(i => new Dictionary<string, object?>
        {
            ["lastname"] = "Backfilled " + i, ["emailaddress1"] = $"backfilled-{i}@example.com", ["jobtitle"] = "Title " + i,
        }));

        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal(3, report.Linked);
        Assert.Equal(3, report.Record.MarketoWritten);
        Assert.Equal(0, report.Record.CrmWritten);
        // The backfill's own creates come back as lead changes: read and counted, but dropped as echoes before planning.
        Assert.True(report.Record.MarketoRead > 0, "the backfill's creates were not read back as lead changes");
        Assert.Equal(report.Record.MarketoRead, report.Statistics!.MarketoChanges);
        Assert.Equal(report.Record.MarketoRead, report.Statistics.MarketoEchoesDropped);
    }

    [Fact]
    public async Task Cycle_MarketoValueChangedAndChangedBack_KeepsTheLatestAndWritesNothing()
    {
        await using var sut = await SyncHarness.StartAsync();
        var contact = sut.CreateAsMaker("contact", ("lastname", "Back"), ("emailaddress1", "back@example.com"), ("jobtitle", "Original"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("contact", contact);

        sut.EditInMarketo(person, ("title", "Interim"));
        sut.EditInMarketo(person, ("title", "Original"));
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal("Original", sut.DynamicsValue("contact", contact, "jobtitle"));
        Assert.Equal(0, report.Record.CrmWritten);
    }

    [Fact]
    public async Task Cycle_EchoThenRealChangeOfOnePerson_RealChangeReachesDynamics()
    {
        await using var sut = await SyncHarness.StartAsync();
        var contact = sut.CreateAsMaker("contact", ("lastname", "Echo"), ("emailaddress1", "echo@example.com"), ("jobtitle", "Original"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("contact", contact);

        sut.EditInMarketo(person, ("title", "Original"));
        sut.EditInMarketo(person, ("title", "Changed"));
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal("Changed", sut.DynamicsValue("contact", contact, "jobtitle"));
        Assert.Equal(1, report.Record.CrmWritten);
    }
}
