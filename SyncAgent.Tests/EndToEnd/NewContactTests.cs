namespace CrmSync.SyncAgent.Tests.EndToEnd;

/// <summary>Issue 5 item 3: a new Dynamics contact creates its Marketo person, or links to the person with its email.</summary>
public sealed class NewContactTests
{
    [Fact]
    public async Task Cycle_NewContactWithoutMatchingPerson_CreatesAndLinksPerson()
    {
        await using var sut = await SyncHarness.StartAsync();
        await sut.RunCycleAsync();
        var persons = sut.Marketo.Admin.PersonCount;

        var contact = sut.CreateAsMaker("contact", ("firstname", "Katherine"), ("lastname", "Johnson"), ("emailaddress1", "katherine@example.com"),
            ("jobtitle", "Mathematician"));
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        var person = await sut.LinkedPersonAsync("contact", contact);
        Assert.Equal(persons + 1, sut.Marketo.Admin.PersonCount);
        Assert.Equal("katherine@example.com", sut.MarketoValue(person, "email"));
        Assert.Equal("Johnson", sut.MarketoValue(person, "lastName"));
        Assert.Equal("Mathematician", sut.MarketoValue(person, "title"));
        Assert.Equal(0, sut.StagingRowCount);
    }

    [Fact]
    public async Task Cycle_NewContactWhoseEmailMatchesPerson_LinksThatPersonWithoutDuplicate()
    {
        await using var sut = await SyncHarness.StartAsync();
        var existing = sut.Marketo.Admin.SeedPerson(new Dictionary<string, object?>
        {
            ["email"] = "dorothy@example.com", ["firstName"] = "Dot", ["lastName"] = "Vaughan", ["city"] = "Hampton",
        });
        await sut.RunCycleAsync();
        var persons = sut.Marketo.Admin.PersonCount;

        var contact = sut.CreateAsMaker("contact", ("firstname", "Dorothy"), ("lastname", "Vaughan"), ("emailaddress1", "Dorothy@Example.com"));
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal(existing, await sut.LinkedPersonAsync("contact", contact));
        Assert.Equal(persons, sut.Marketo.Admin.PersonCount);
        Assert.Single(sut.Marketo.Admin.FindPersonsByEmail("dorothy@example.com"));
        Assert.Equal("Dorothy", sut.MarketoValue(existing, "firstName"));
        Assert.Equal("Hampton", sut.MarketoValue(existing, "city"));
    }

    [Fact]
    public async Task Cycle_AfterNewContactLinked_PersonChangeReachesContact()
    {
        await using var sut = await SyncHarness.StartAsync();
        await sut.RunCycleAsync();
        var contact = sut.CreateAsMaker("contact", ("lastname", "Jackson"), ("emailaddress1", "mary@example.com"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("contact", contact);

        sut.EditInMarketo(person, ("title", "Engineer"));
        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal("Engineer", sut.DynamicsValue("contact", contact, "jobtitle"));
    }
}
