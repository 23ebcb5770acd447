using CrmSync.SyncAgent.Cli;
using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Repair;
using CrmSync.SyncAgent.Tests.EndToEnd;
using CrmSync.SyncAgent.Tests.Reliability;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.SyncAgent.Tests.Repair;

/// <summary>
/// Issue 15, repair (DESIGN B18): <c>crmsync resync</c> against both emulators. Drift is made the way it happens: a
/// write with the sync user's own credentials, which the plug-in does not stage (depth 1), so no cycle ever sees it.
/// </summary>
public sealed class ResyncTests
{
    [Fact]
    public async Task Resync_DryRunThenRun_ListsTheDriftedValueThenCopiesItFromTheRulesSide()
    {
        await using var sut = await SyncHarness.StartAsync();
        var (contact, person) = await LinkedContactAsync(sut, "drift@example.com");
        Drift(sut, contact, "Drifted title");

        var dry = await HarnessCli.RunAsync(sut, "resync", "--email", "drift@example.com", "--dry-run");

        Assert.Equal(0, dry.ExitCode);
        var lines = Lines(dry.Output);
        Assert.Contains("Dry run: 1 of 1 person(s) would change, 1 value(s); nothing was written.", lines);
        Assert.Contains($"  person {person} (contact {contact:D}): title 'Original' -> 'Drifted title' (to Marketo)", lines);
        Assert.Contains(lines, l => l.StartsWith("API calls needed: 1 Marketo Sync Leads call(s) for 1 person(s), of 49,", StringComparison.Ordinal)
            && l.Contains("; 0 Dynamics record update(s)", StringComparison.Ordinal));
        Assert.Equal("Original", sut.MarketoValue(person, "title"));

        var run = await HarnessCli.RunAsync(sut, "resync", "--marketo-id", person.ToString(System.Globalization.CultureInfo.InvariantCulture), "--fields", "title");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Resync: 1 person(s), 1 changed, 1 value(s) written (1 Marketo / 0 Dynamics record(s)), 0 rejection(s);", run.Output, StringComparison.Ordinal);
        Assert.Equal("Drifted title", sut.MarketoValue(person, "title"));

        // Both sides agree now and the shadow moved: the next cycle writes nothing.
        var idle = await sut.RunCycleAsync();
        Assert.Equal((0, 0), (idle.Record.CrmWritten, idle.Record.MarketoWritten));
    }

    [Fact]
    public async Task Resync_BlankSourceOverNonBlankTarget_KeptAndListedUnlessAllowBlanking()
    {
        await using var sut = await SyncHarness.StartAsync();
        var (contact, person) = await LinkedContactAsync(sut, "blank@example.com");
        // The title erased with the sync user's credentials: Dynamics (the contact rule's side) is blank, Marketo is not.
        sut.Dataverse.Admin.UpdateRecord("contact", contact, new Dictionary<string, object?> { ["jobtitle"] = null }, sut.SyncUserId);

        var dry = await HarnessCli.RunAsync(sut, "resync", "--all", "--dry-run");
        var run = await HarnessCli.RunAsync(sut, "resync", "--all");

        Assert.Equal((0, 0), (dry.ExitCode, run.ExitCode));
        var lines = Lines(dry.Output);
        Assert.Contains("Dry run: 0 of 1 person(s) would change, 0 value(s); nothing was written.", lines);
        Assert.Contains("1 value(s) kept: the side the rule copies from is blank and the other is not; a resync never blanks a value (add --allow-blanking to copy the blanks).", lines);
        Assert.Contains($"  kept: person {person} (contact {contact:D}): title 'Original' in Marketo, blank in Dynamics", lines);
        Assert.Contains("Resync: 1 person(s), 0 changed, 0 value(s) written (0 Marketo / 0 Dynamics record(s)), 0 rejection(s);", run.Output, StringComparison.Ordinal);
        Assert.Equal("Original", sut.MarketoValue(person, "title"));

        var blanking = await HarnessCli.RunAsync(sut, "resync", "--all", "--allow-blanking");

        Assert.Equal(0, blanking.ExitCode);
        Assert.Contains("Resync: 1 person(s), 1 changed, 1 value(s) written (1 Marketo / 0 Dynamics record(s)), 0 rejection(s);", blanking.Output, StringComparison.Ordinal);
        Assert.Null(sut.MarketoValue(person, "title"));
    }

    [Fact]
    public async Task Resync_FromMarketo_CopiesTheMarketoValueToDynamics()
    {
        await using var sut = await SyncHarness.StartAsync();
        var (contact, person) = await LinkedContactAsync(sut, "from@example.com");
        Drift(sut, contact, "Drifted title");

        var run = await HarnessCli.RunAsync(sut, "resync", "--dynamics-id", contact.ToString("D"), "--from", "marketo", "--fields", "title");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Resync: 1 person(s), 1 changed, 1 value(s) written (0 Marketo / 1 Dynamics record(s)), 0 rejection(s);", run.Output, StringComparison.Ordinal);
        Assert.Equal("Original", sut.DynamicsValue("contact", contact, "jobtitle"));
        Assert.Equal("Original", sut.MarketoValue(person, "title"));
    }

    [Fact]
    public async Task Resync_KilledBetweenPages_TheSameRequestResumesWhereItStopped()
    {
        await using var sut = await SyncHarness.StartAsync();
        var contacts = new List<(Guid Contact, long Person)>();
        for (var i = 0; i < 3; i++)
        {
            contacts.Add(await LinkedContactAsync(sut, $"page{i}@example.com"));
        }

        foreach (var (contact, _) in contacts)
        {
            Drift(sut, contact, "Drifted " + contact.ToString("N")[..6]);
        }

        var resync = sut.Services.GetRequiredService<Resync>();
        resync.PageSize = 1;
        var request = new ResyncRequest { All = true, Fields = ["title"] };
        var pages = 0;
        var killed = await Assert.ThrowsAsync<InvalidOperationException>(() => resync.RunAsync(
            request, new FaultAfter(() => ++pages == 1 ? throw new InvalidOperationException("killed after page 1") : 0), CancellationToken.None));
        Assert.Equal("killed after page 1", killed.Message);

        var ordered = contacts.OrderBy(c => c.Person).ToList();
        Assert.Equal("Drifted " + ordered[0].Contact.ToString("N")[..6], sut.MarketoValue(ordered[0].Person, "title"));
        Assert.Equal("Original", sut.MarketoValue(ordered[1].Person, "title"));
        Assert.Equal("Original", sut.MarketoValue(ordered[2].Person, "title"));

        sut.Marketo.Admin.ResetRequestLog();
        var resumed = await HarnessCli.RunAsync(sut, "resync", "--all", "--fields", "title");

        Assert.Equal(0, resumed.ExitCode);
        var lines = Lines(resumed.Output);
        Assert.Contains("Resumed an interrupted resync of the same persons: 1 person(s) were done before.", lines);
        Assert.Contains(lines, l => l.StartsWith("Resync: 3 person(s), 3 changed, 3 value(s) written (2 Marketo / 0 Dynamics record(s)), 0 rejection(s);", StringComparison.Ordinal));
        foreach (var (contact, person) in contacts)
        {
            Assert.Equal("Drifted " + contact.ToString("N")[..6], sut.MarketoValue(person, "title"));
        }

        // The first person was not written again: one Sync Leads call for the two others (pages of 100 in the CLI).
        Assert.Single(sut.Marketo.Admin.GetRequestLog(), e => e.Path.EndsWith("/rest/v1/leads.json", StringComparison.Ordinal) && e.Method == "POST");
        Assert.Null(await sut.State.GetCursorAsync(Resync.Cursor));
    }

    [Fact]
    public async Task Resync_WhileACycleHoldsTheWriterGuard_WaitsForIt()
    {
        await using var sut = await SyncHarness.StartAsync();
        var (contact, person) = await LinkedContactAsync(sut, "guard@example.com");
        Drift(sut, contact, "Guarded");
        var resync = sut.Services.GetRequiredService<Resync>();

        Task<ResyncReport> running;
        await using (await sut.State.AcquireWriterAsync("cycle"))
        {
            running = resync.RunAsync(new ResyncRequest { MarketoIds = [person] }, null, CancellationToken.None);
            await Task.Yield();
            Assert.False(running.IsCompleted);
            Assert.Equal("Original", sut.MarketoValue(person, "title"));
        }

        var report = await running.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(1, report.Values);
        Assert.Equal("Guarded", sut.MarketoValue(person, "title"));
    }

    [Theory]
    [InlineData(new[] { "resync" }, "crmsync resync: choose persons with --email, --marketo-id, --dynamics-id, --changed-since or --all.")]
    [InlineData(new[] { "resync", "--all", "--fields", "nope" }, "crmsync resync: --fields: 'nope' not mapped (CrmSync:Sync:Fields); mapped: ")]
    [InlineData(new[] { "resync", "--all", "--from", "both" }, "crmsync resync: --from 'both' must be dynamics or marketo.")]
    [InlineData(new[] { "resync", "--changed-since", "yesterday" }, "crmsync resync: --changed-since 'yesterday' is not a date/time")]
    public async Task Resync_BadOptions_Exit2WithTheReason(string[] args, string message)
    {
        await using var sut = await SyncHarness.StartAsync();

        var result = await HarnessCli.RunAsync(sut, args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(message, result.Error.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resync_ChangedSince_TakesOnlyPersonsChangedAfterTheDate()
    {
        await using var sut = await SyncHarness.StartAsync();
        var (contact, person) = await LinkedContactAsync(sut, "since@example.com");
        Drift(sut, contact, "Recent");

        var future = await HarnessCli.RunAsync(sut, "resync", "--changed-since", "2999-01-01", "--dry-run");
        var past = await HarnessCli.RunAsync(sut, "resync", "--changed-since", "2000-01-01", "--dry-run");

        Assert.Contains("Dry run: 0 of 0 person(s) would change, 0 value(s); nothing was written.", future.Output, StringComparison.Ordinal);
        Assert.Contains("Dry run: 1 of 1 person(s) would change, 1 value(s); nothing was written.", past.Output, StringComparison.Ordinal);
        Assert.Contains($"  person {person} (contact {contact:D}): title 'Original' -> 'Recent' (to Marketo)", past.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FieldsApply_SaysANewFieldIsFilledWithResync()
    {
        await using var sut = await SyncHarness.StartAsync();

        var result = await HarnessCli.RunAsync(sut, "fields", "--apply");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(
            "A field new to the mapping is copied when its value next changes; to fill it now run `crmsync resync --all --fields <field>` (add --dry-run to count first).",
            result.Output, StringComparison.Ordinal);
    }

    internal static async Task<(Guid Contact, long Person)> LinkedContactAsync(SyncHarness sut, string email)
    {
        var contact = sut.CreateAsMaker("contact", ("lastname", "Repair"), ("emailaddress1", email), ("jobtitle", "Original"));
        var report = await sut.RunCycleAsync();
        Assert.True(report.Completed, report.Record.Message);
        return (contact, await sut.LinkedPersonAsync("contact", contact));
    }

    /// <summary>A write made with the sync user's credentials: the plug-in skips it, so no cycle copies it.</summary>
    internal static void Drift(SyncHarness sut, Guid contact, string title) =>
        sut.Dataverse.Admin.UpdateRecord("contact", contact, new Dictionary<string, object?> { ["jobtitle"] = title }, sut.SyncUserId);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    private sealed class FaultAfter(Func<int> onPage) : IProgress<SyncProgress>
    {
        public void Report(SyncProgress value) => onPage();
    }
}
