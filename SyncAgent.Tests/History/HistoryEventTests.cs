using System.Globalization;
using CrmSync.DataverseEmulator.Admin;
using CrmSync.DataverseEmulator.Security;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.Tests.EndToEnd;
using CrmSync.SyncAgent.Tests.Reliability;
using CrmSync.SyncAgent.Tests.Repair;

namespace CrmSync.SyncAgent.Tests.History;

/// <summary>Issue 15, history (DESIGN B19): writes, collisions, retries and resyncs are stored and shown newest first.</summary>
public sealed class HistoryEventTests
{
    [Fact]
    public async Task History_WriteThenCollision_PrintedNewestFirstWithValuesRuleAndCycle()
    {
        await using var sut = await SyncHarness.StartAsync();
        var (contact, person) = await ResyncTests.LinkedContactAsync(sut, "events@example.com");

        sut.EditInMarketo(person, ("title", "From Marketo"));
        var write = await sut.RunCycleAsync();
        sut.UpdateAsMaker("contact", contact, ("address1_city", "Lisbon"));
        sut.EditInMarketo(person, ("city", "Porto"));
        var collision = await sut.RunCycleAsync();

        var result = await HarnessCli.RunAsync(sut, "history", person.ToString(CultureInfo.InvariantCulture));

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal($"History of {person} (Marketo person {person}): 4 event(s), newest first", lines[0]);
        var events = lines[1..].Select(l => l[22..]).ToArray();
        Assert.Equal(
            [
                $"write     contact {contact:D}  city: (blank) -> 'Lisbon' (to Marketo, cycle, cycle {collision.Record.Id})",
                $"collision contact {contact:D}  city: Dynamics 'Lisbon' vs Marketo 'Porto'; DynamicsWins by entity rule (contact: Dynamics wins), cycle {collision.Record.Id}",
                $"write     contact {contact:D}  title: 'Original' -> 'From Marketo' (to Dynamics, cycle, cycle {write.Record.Id})",
                $"linked    contact {contact:D}  person {person}",
            ],
            events);
    }

    [Fact]
    public async Task History_ValuesOff_StoresTheWriteWithoutItsValues()
    {
        await using var sut = await SyncHarness.StartAsync(s => s["CrmSync:History:Values"] = "false");
        var (_, person) = await ResyncTests.LinkedContactAsync(sut, "novalues@example.com");

        sut.EditInMarketo(person, ("title", "Private title"));
        await sut.RunCycleAsync();

        var stored = Assert.Single(await sut.State.GetHistoryAsync(person));
        Assert.Equal((HistoryKinds.Write, "title", false, null, null), (stored.Kind, stored.Field, stored.HasValues, stored.Old, stored.New));
        var result = await HarnessCli.RunAsync(sut, "history", "novalues@example.com");
        Assert.Contains("title (to Dynamics, cycle, cycle ", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Private title", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_SecuredColumnTheSyncUserCannotRead_NeverAppears()
    {
        await using var sut = await SyncHarness.StartAsync();
        var (contact, person) = await ResyncTests.LinkedContactAsync(sut, "secured-history@example.com");
        sut.Dataverse.Admin.SecureColumn("contact", "jobtitle");
        sut.Dataverse.Admin.GrantColumnAccess(sut.SyncUserId, "contact", "jobtitle", new ColumnGrant(CanRead: false, CanUpdate: false, CanCreate: false));
        await sut.RestartAgentAsync();

        sut.EditInMarketo(person, ("title", "Secret"), ("city", "Porto"));
        await sut.RunCycleAsync();

        var stored = Assert.Single(await sut.State.GetHistoryAsync(person));
        Assert.Equal(("city", "Porto"), (stored.Field, stored.New));
        var result = await HarnessCli.RunAsync(sut, "history", contact.ToString("D"));
        Assert.DoesNotContain("title", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_ResyncAndRetry_AreEvents()
    {
        await using var sut = await SyncHarness.StartAsync();
        var (contact, person) = await ResyncTests.LinkedContactAsync(sut, "repair-history@example.com");
        ResyncTests.Drift(sut, contact, "Drifted");
        await HarnessCli.RunAsync(sut, "resync", "--email", "repair-history@example.com");
        var rule = ValidationRule.WhenMatches("contact", "jobtitle", "^Bad", "No 'Bad' titles.");
        sut.Dataverse.Admin.AddValidationRule(rule);
        sut.EditInMarketo(person, ("title", "Bad title"));
        await sut.RunCycleAsync();
        sut.Dataverse.Admin.RemoveValidationRule(rule);
        await HarnessCli.RunAsync(sut, "rejections", "retry", "--all");
        var retried = await sut.RunCycleAsync();

        var stored = await sut.State.GetHistoryAsync(person);

        Assert.Equal(
            [
                (HistoryKinds.Write, "title", "Original", "Drifted", "resync"),
                (HistoryKinds.Write, "title", "Drifted", "Bad title", "cycle"),
                (HistoryKinds.Retry, "title", null, null, "rejection #1 (0x80040265) retried and closed"),
            ],
            stored.Select(e => (e.Kind, e.Field!, e.Old, e.New, e.Detail!)).ToArray());
        Assert.Equal(retried.Record.Id, stored[2].CycleId);
    }

    [Fact]
    public async Task History_RetentionOutOfRange_Exit2NamingTheKey()
    {
        await using var sut = await SyncHarness.StartAsync();
        var settings = sut.Settings;
        settings["CrmSync:History:Retention"] = "00:10:00";

        var result = await HarnessCli.RunAsync(settings, "status");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("CrmSync:History:Retention must be between 1.00:00:00 (one day) and 3650.00:00:00.", result.Error, StringComparison.Ordinal);
    }
}
