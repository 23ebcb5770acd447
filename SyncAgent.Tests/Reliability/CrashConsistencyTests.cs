using System.Globalization;
using CrmSync.DataverseEmulator.Admin;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.Tests.EndToEnd;
using Xunit.Abstractions;

namespace CrmSync.SyncAgent.Tests.Reliability;

/// <summary>
/// Crash consistency (issue 7): the real agent process (<c>crmsync sync --once</c>) is SIGKILLed at a random point of
/// a cycle over a window of mixed changes, then restarted until a cycle completes and an idle cycle writes nothing;
/// both systems must then hold the one correct end state. The emulators delay every call so a cycle lasts long enough
/// for kills to land inside it. The number of trials is <c>CRMSYNC_CRASH_TRIALS</c> (default
/// <see cref="DefaultTrials"/>); <c>.ci/run</c> runs this class again with 30.
/// </summary>
[Trait("Category", "CrashConsistency")]
public sealed class CrashConsistencyTests(ITestOutputHelper output)
{
    private const int DefaultTrials = 5;
    private static readonly TimeSpan CallDelay = TimeSpan.FromMilliseconds(40);
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task SyncOnce_KilledAtRandomPointsAndRestarted_ConvergesWithNothingLostOrDuplicated()
    {
        var trials = int.TryParse(Environment.GetEnvironmentVariable("CRMSYNC_CRASH_TRIALS"), CultureInfo.InvariantCulture, out var n) ? n : DefaultTrials;
        var random = new Random(7007);

        // Calibration: the same scenario without a kill (twice: the first run pays for cold caches) gives the span the
        // kill delays are drawn from. It is also the fault-free reference: it must converge like every trial.
        await RunTrialAsync("cold", killAfter: null);
        var span = await RunTrialAsync("warm", killAfter: null);
        var landed = 0;
        var midCycle = 0;
        var restarts = 0;
        for (var trial = 0; trial < trials; trial++)
        {
            // Most of the first tenth is process start-up and the last tenth is after the commit: draw inside the cycle.
            var delay = TimeSpan.FromMilliseconds((0.1 + (0.8 * random.NextDouble())) * span.Elapsed.TotalMilliseconds);
            var result = await RunTrialAsync(trial.ToString("D4", CultureInfo.InvariantCulture), delay);
            landed += result.Killed ? 1 : 0;
            midCycle += result.MidCycle ? 1 : 0;
            restarts += result.Restarts;
            output.WriteLine($"trial {trial}: kill after {delay.TotalMilliseconds:0} ms, landed {result.Killed}, mid-cycle {result.MidCycle}, ran {result.Elapsed.TotalMilliseconds:0} ms, restarts {result.Restarts}");
        }

        output.WriteLine($"Crash consistency: {trials} trials, {landed} kills landed, {midCycle} inside a cycle, {restarts} restarts; cycle span {span.Elapsed.TotalSeconds:0.00} s; lost 0, duplicated 0.");
        Assert.True(midCycle >= trials / 3, $"Only {midCycle} of {trials} kills landed inside a cycle.");
    }

    private async Task<TrialResult> RunTrialAsync(string tag, TimeSpan? killAfter)
    {
        await using var sut = await SyncHarness.StartAsync();
        var scenario = new MixedScenario(sut, tag);
        await scenario.SeedAsync();
        scenario.MakeChanges();
        var settings = sut.Settings;
        var directory = Path.GetDirectoryName(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(settings["CrmSync:State:ConnectionString"]).DataSource)!;

        sut.Dataverse.Admin.Faults = new FaultSettings { DelayRate = 1, Delay = CallDelay };
        sut.Marketo.Admin.Faults.Delay = CallDelay;
        var killed = false;
        var midCycle = false;
        TimeSpan elapsed;
        using (var first = AgentProcess.Start(directory, settings, "sync", "--once"))
        {
            if (killAfter is { } delay)
            {
                killed = await first.KillAfterAsync(delay);
                var last = (await sut.State.GetRecentCyclesAsync(1)).SingleOrDefault();
                midCycle = killed && last is { Outcome: CycleOutcome.Running };
            }
            else
            {
                Assert.True(await first.WaitAsync(ProcessTimeout) == 0, first.Output);
            }

            elapsed = first.Elapsed;
        }

        sut.Dataverse.Admin.Faults = new FaultSettings();
        sut.Marketo.Admin.Faults.Clear();
        var restarts = 0;
        if (killed || killAfter is null)
        {
            for (var exit = -1; exit != 0; restarts++)
            {
                Assert.True(restarts < 3, "No cycle completed after three restarts.");
                using var again = AgentProcess.Start(directory, settings, "sync", "--once");
                exit = await again.WaitAsync(ProcessTimeout);
                Assert.True(exit is 0 or 1, again.Output);
            }
        }

        await AssertIdleCycleWritesNothingAsync(sut, directory, settings);
        await scenario.AssertConvergedAsync();
        return new TrialResult(killed, midCycle, restarts, elapsed);
    }

    private static async Task AssertIdleCycleWritesNothingAsync(SyncHarness sut, string directory, Dictionary<string, string?> settings)
    {
        var dataverseWrites = DataverseWrites(sut);
        var marketoWrites = MarketoWrites(sut);
        var marketoLog = sut.Marketo.Admin.GetRequestLog().Count;
        using var idle = AgentProcess.Start(directory, settings, "sync", "--once");
        Assert.True(await idle.WaitAsync(ProcessTimeout) == 0, idle.Output);
        var idleOutput = idle.Output;

        var cycle = (await sut.State.GetRecentCyclesAsync(1)).Single();
        Assert.Equal((CycleOutcome.Completed, 0, 0), (cycle.Outcome, cycle.CrmWritten, cycle.MarketoWritten));
        Assert.Equal(dataverseWrites, DataverseWrites(sut));
        Assert.True(marketoWrites == MarketoWrites(sut), idleOutput + string.Join("\n", sut.Marketo.Admin.GetRequestLog().Skip(marketoLog).Select(r => $"{r.Method} {r.Path} {r.Query} {r.StatusCode} {r.ErrorCode}")));
    }

    /// <summary>
    /// Every write the agent could make to Dynamics, whichever way it travels: the agent writes through <c>$batch</c>,
    /// so the emulator's committed creates, updates and deletes (any request, any depth), its $batch count, its failed
    /// operations and every non-GET request (top level or batch part, any status) all count.
    /// </summary>
    private static (long Creates, long Updates, long Deletes, long Batches, long Failed, int NonGet) DataverseWrites(SyncHarness sut)
    {
        var counters = sut.Dataverse.Admin.Counters;
        return (counters.Creates, counters.Updates, counters.Deletes, counters.Batches, counters.FailedOperations,
            sut.Dataverse.Admin.RequestLog.Count(r => r.Method != "GET"));
    }

    private static int MarketoWrites(SyncHarness sut) =>
        sut.Marketo.Admin.GetRequestLog().Count(r => r.Method == "POST" && !r.Path.Contains("identity", StringComparison.Ordinal));

    private sealed record TrialResult(bool Killed, bool MidCycle, int Restarts, TimeSpan Elapsed);
}
