using CrmSync.DataverseEmulator.Admin;
using CrmSync.SyncAgent.Tests.EndToEnd;
using CrmSync.SyncAgent.Tests.Ops;
using CrmSync.SyncAgent.Tests.Reliability;
using Microsoft.Extensions.Configuration;

namespace CrmSync.SyncAgent.Tests.History;

/// <summary>Issue 15, history (B19): <c>crmsync history</c> by e-mail, Marketo id and Dynamics id, newest first.</summary>
public sealed class HistoryCommandTests
{
    private const string RuleMessage = "Job titles must not start with 'Bad'.";

    [Fact]
    public async Task History_LinkedPersonWithARejectedWrite_PrintsRejectionThenLinkNewestFirst()
    {
        await using var sut = await SyncHarness.StartAsync();
        var (contact, person) = await RejectedTitleAsync(sut);

        var byEmail = await HarnessCli.RunAsync(sut, "history", "history@example.com");
        var byMarketoId = await HarnessCli.RunAsync(sut, "history", person.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var byDynamicsId = await HarnessCli.RunAsync(sut, "history", contact.ToString("D"));

        Assert.Equal(0, byEmail.ExitCode);
        var lines = byEmail.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal($"History of history@example.com (Marketo person {person}): 2 event(s), newest first", lines[0]);
        Assert.Contains($"rejected  contact {contact:D}  #1 ToDynamics Update [title = Bad title]: 0x80040265 ", lines[1], StringComparison.Ordinal);
        Assert.Contains(RuleMessage, lines[1], StringComparison.Ordinal);
        Assert.EndsWith("(open)", lines[1], StringComparison.Ordinal);
        Assert.Contains($"linked    contact {contact:D}  person {person}", lines[2], StringComparison.Ordinal);
        Assert.Equal(lines[1..], byMarketoId.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[1..]);
        Assert.Equal(lines[1..], byDynamicsId.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[1..]);
    }

    [Fact]
    public async Task History_ValuesOff_PrintsTheFieldWithoutItsValue()
    {
        await using var sut = await SyncHarness.StartAsync();
        await RejectedTitleAsync(sut);
        var settings = sut.Settings;
        settings["CrmSync:History:Values"] = "false";

        var result = await HarnessCli.RunAsync(settings, "history", "history@example.com");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("ToDynamics Update [title]: 0x80040265", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Bad title", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HistoryPage_FromTheRejectionsList_ShowsThePersonsEvents()
    {
        await using var sut = await SyncHarness.StartAsync();
        var (contact, person) = await RejectedTitleAsync(sut);
        var settings = sut.Settings;
        settings["CrmSync:Http:Urls"] = "http://127.0.0.1:0";
        var (app, client) = await InProcessAgent.StartWebAsync(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        await using var _ = app;
        using var __ = client;

        var status = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        var page = await client.GetStringAsync(new Uri($"/history?person={person}", UriKind.Relative));
        var byEmail = await client.GetStringAsync(new Uri("/history?person=history%40example.com", UriKind.Relative));

        Assert.Contains($"<a href=\"/history?person={person}\">history</a>", status, StringComparison.Ordinal);
        Assert.Contains("<form method=\"get\" action=\"/history\">", status, StringComparison.Ordinal);
        Assert.Contains($"<td>rejected</td><td>contact {contact:D}</td><td>#1 ToDynamics Update [title = Bad title]: 0x80040265 ", page, StringComparison.Ordinal);
        Assert.Contains($"<td>linked</td><td>contact {contact:D}</td><td>person {person}</td>", page, StringComparison.Ordinal);
        Assert.Contains("2 event(s), newest first", byEmail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_UnknownPerson_SaysSoAndExits1()
    {
        await using var sut = await SyncHarness.StartAsync();

        var result = await HarnessCli.RunAsync(sut, "history", "nobody@example.com");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No person or record found for 'nobody@example.com'.", result.Output, StringComparison.Ordinal);
    }

    /// <summary>A linked contact whose Marketo title change Dynamics rejected.</summary>
    private static async Task<(Guid Contact, long Person)> RejectedTitleAsync(SyncHarness sut)
    {
        var contact = sut.CreateAsMaker("contact", ("lastname", "History"), ("emailaddress1", "history@example.com"), ("jobtitle", "Original"));
        await sut.RunCycleAsync();
        var person = await sut.LinkedPersonAsync("contact", contact);
        sut.Dataverse.Admin.AddValidationRule(ValidationRule.WhenMatches("contact", "jobtitle", "^Bad", RuleMessage));
        sut.EditInMarketo(person, ("title", "Bad title"));
        var report = await sut.RunCycleAsync();
        Assert.Equal(1, report.Record.Rejections);
        return (contact, person);
    }
}
