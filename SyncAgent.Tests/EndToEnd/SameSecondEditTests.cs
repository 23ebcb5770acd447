using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace CrmSync.SyncAgent.Tests.EndToEnd;

/// <summary>
/// DESIGN B23: staged changes are applied in the order Dynamics made them. Dataverse keeps date/time values to the
/// second and assigns ids in no particular order, so two saves of one field within one second stage two rows with the
/// same <c>crmsync_changedon</c>; only the row version (<c>versionnumber</c>) orders them. The Dataverse emulator's
/// clock is frozen (every save in the same second) and its ids are seeded, one seed per trial, printed.
/// </summary>
public sealed class SameSecondEditTests(ITestOutputHelper output)
{
    private const int DefaultTrials = 4;
    private const int BaseSeed = 2300;
    private const int Contacts = 6;

    [Fact]
    public async Task Cycle_FieldSavedTwiceWithinOneSecond_MarketoGetsTheNewerValueInEveryTrial()
    {
        var trials = int.TryParse(Environment.GetEnvironmentVariable("CRMSYNC_SAME_SECOND_TRIALS"), CultureInfo.InvariantCulture, out var n) ? n : DefaultTrials;
        for (var trial = 0; trial < trials; trial++)
        {
            var seed = BaseSeed + trial;
            output.WriteLine($"trial {trial}: Dataverse id seed {seed}");
            await RunTrialAsync(seed);
        }
    }

    private static async Task RunTrialAsync(int seed)
    {
        var frozen = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 9, 30, 15, 250, TimeSpan.Zero));
        await using var sut = await SyncHarness.StartAsync(configureDataverse: o =>
        {
            o.TimeProvider = frozen;
            o.IdSeed = seed;
        });
        var contacts = Enumerable.Range(0, Contacts)
            .Select(i => sut.CreateAsMaker("contact", ("lastname", $"Twice{i}"), ("emailaddress1", $"twice{i}.{seed}@example.com"), ("telephone1", "555-0000")))
            .ToList();
        var first = await sut.RunCycleAsync();
        Assert.True(first.Completed, first.Record.Message);
        var persons = new List<long>();
        foreach (var contact in contacts)
        {
            persons.Add(await sut.LinkedPersonAsync("contact", contact));
        }

        // Each contact's phone is saved twice in the same second: first the older value, then the newer one.
        for (var i = 0; i < Contacts; i++)
        {
            sut.UpdateAsMaker("contact", contacts[i], ("telephone1", $"555-old-{i}"));
            sut.UpdateAsMaker("contact", contacts[i], ("telephone1", $"555-new-{i}"));
        }

        var report = await sut.RunCycleAsync();

        Assert.True(report.Completed, $"seed {seed}: {report.Record.Message}");
        for (var i = 0; i < Contacts; i++)
        {
            Assert.True($"555-new-{i}" == (string?)sut.DynamicsValue("contact", contacts[i], "telephone1"), $"seed {seed}: Dynamics lost contact {i}'s newer save");
            var inMarketo = sut.MarketoValue(persons[i], "phone") as string;
            Assert.True($"555-new-{i}" == inMarketo, $"seed {seed}: contact {i} reached Marketo as '{inMarketo}', not its newer value '555-new-{i}'");
        }
    }
}
