using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.Tests.EndToEnd;
using CrmSync.SyncAgent.Tests.Reliability;

namespace CrmSync.SyncAgent.Tests.BadInput;

/// <summary>
/// One bad input next to a good change: the emulators with the solution, a linked contact <see cref="Target"/> to
/// aim bad values at, and a linked bystander whose change in the same cycle must land whatever happens to the bad one.
/// </summary>
internal sealed class BadInputHarness : IAsyncDisposable
{
    private Guid _bystander;
    private long _bystanderPerson;

    private BadInputHarness(SyncHarness sut) => Sut = sut;

    public SyncHarness Sut { get; }

    public Guid Target { get; private set; }

    public long TargetPerson { get; private set; }

    public static async Task<BadInputHarness> StartAsync(Action<Dictionary<string, string?>>? configure = null)
    {
        var harness = new BadInputHarness(await SyncHarness.StartAsync(configure));
        harness.Target = harness.Sut.CreateAsMaker("contact", ("lastname", "Target"), ("emailaddress1", "target@example.com"), ("jobtitle", "Original"));
        harness._bystander = harness.Sut.CreateAsMaker("contact", ("lastname", "Bystander"), ("emailaddress1", "bystander@example.com"));
        var first = await harness.Sut.RunCycleAsync();
        Assert.True(first.Completed, first.Record.Message);
        harness.TargetPerson = await harness.Sut.LinkedPersonAsync("contact", harness.Target);
        harness._bystanderPerson = await harness.Sut.LinkedPersonAsync("contact", harness._bystander);
        return harness;
    }

    /// <summary>Runs a cycle with the bystander's change in it; the cycle completes and the change lands.</summary>
    public async Task<CycleReport> RunAsync()
    {
        var phone = "555-" + Guid.NewGuid().ToString("N")[..6];
        Sut.UpdateAsMaker("contact", _bystander, ("telephone1", phone));
        Sut.EditInMarketo(_bystanderPerson, ("city", phone));
        var report = await Sut.RunCycleAsync();
        Assert.True(report.Completed, report.Record.Message);
        Assert.Equal(phone, Sut.MarketoValue(_bystanderPerson, "phone"));
        Assert.Equal(phone, Sut.DynamicsValue("contact", _bystander, "address1_city"));
        return report;
    }

    /// <summary>The rejection shown in <c>crmsync status --json</c> with <paramref name="text"/> in it.</summary>
    public async Task<Rejection> AssertRejectedInStatusAsync(string text)
    {
        var rejection = Assert.Single(await Sut.State.SearchRejectionsAsync(new RejectionQuery()));
        Assert.True(
            rejection.Message.Contains(text, StringComparison.OrdinalIgnoreCase) || rejection.Fields.Any(f => string.Equals(f.Field, text, StringComparison.OrdinalIgnoreCase)),
            $"'{text}' is neither in the message nor a field of: {rejection.Message}");
        var (_, output, _) = await HarnessCli.RunAsync(Sut, "status", "--json");
        Assert.Contains(rejection.ErrorCode ?? text, output, StringComparison.OrdinalIgnoreCase);
        return rejection;
    }

    /// <summary>A Dynamics rejection reported on both sides: the sync-result activity and the Marketo activity log.</summary>
    public void AssertActivitiesOnBothSides(Guid record, long person, string text)
    {
        var activity = Assert.Single(Sut.SyncResultsRegarding(record));
        Assert.Contains(text, $"{activity["subject"]} {activity["description"]}", StringComparison.OrdinalIgnoreCase);
        Assert.Single(Sut.SyncResultActivitiesOf(person));
    }

    public ValueTask DisposeAsync() => Sut.DisposeAsync();
}
