using CrmSync.SyncAgent.Cluster;
using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.State.Postgres;
using CrmSync.SyncAgent.State.Sqlite;
using CrmSync.SyncAgent.Tests.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrmSync.SyncAgent.Tests.Postgres;

/// <summary>
/// Issue 16: between cycles the holder of a pair looks every poll for sync-person requests kept for it (by another
/// agent's webhook or a CLI without the lease) and carries them out at once; when that fails they stay kept and the
/// next poll tries again. The pair's loop with an in-file state and clouds that do not answer (every cycle fails at once).
/// </summary>
public sealed class PairRunnerKeptTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("crmsync-runner-").FullName;

    [Fact]
    public async Task BetweenCycles_AKeptRequest_IsCarriedOutAtThePoll()
    {
        var kept = new CountingKeptRequests(fail: false);
        var (lines, count) = await RunUntilAsync(kept, lines => lines.Any(l => l.Contains("1 kept sync-person request(s) carried out between cycles", StringComparison.Ordinal)));

        Assert.True(count >= 1, string.Join("\n", lines));
    }

    [Fact]
    public async Task BetweenCycles_CarryingOutFails_TheRequestStaysKeptAndTheNextPollTriesAgain()
    {
        var kept = new CountingKeptRequests(fail: true);
        var (lines, count) = await RunUntilAsync(kept, lines => lines.Count(l => l.Contains("kept sync-person requests not carried out between cycles: Dynamics is away", StringComparison.Ordinal)) >= 2);

        Assert.True(count >= 2, string.Join("\n", lines));
        await using var state = new SqliteStateStore(ConnectionString, TimeProvider.System);
        Assert.Equal(new PendingPersonRequest(4242, SyncEntity.Lead), Assert.Single(await state.GetPendingPersonRequestsAsync()));
    }

    [Fact]
    public async Task Drain_OnlyWhileTheLeaseIsHeld_AndAtStartItTriesWhatWasKept()
    {
        var kept = new CountingKeptRequests(fail: false);
        await using (var state = new SqliteStateStore(ConnectionString, TimeProvider.System))
        {
            await state.InitializeAsync();
            await state.ReservePersonRecordAsync(4242, SyncEntity.Lead);
        }

        using var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
        // The poll between cycles is an hour: only the drain touches the kept request here.
        await using var runner = new PairRunner(
            new CommitFence("p1", "a0-0"), new ConfigurationBuilder().AddInMemoryCollection(Settings()).Build(), TimeProvider.System, loggerFactory,
            services => services.AddSingleton<KeptRequests>(kept), TimeSpan.FromHours(1));

        Assert.False(runner.IsDraining);
        runner.Start(1);
        Assert.True(runner.IsDraining);
        // Marketo is away (port 9): the drain's attempt at the kept request fails and it stays kept.
        const string Tried = "Drain: 0 of 1 kept sync-person request(s) carried out";
        for (var waited = 0; waited < 300 && !logs.Lines.Any(l => l.Contains(Tried, StringComparison.Ordinal)); waited++)
        {
            await Task.Delay(100);
        }

        Assert.Contains(logs.Lines, l => l.Contains(Tried, StringComparison.Ordinal));
        await runner.StopAsync();
        Assert.False(runner.IsDraining);
        await using var after = new SqliteStateStore(ConnectionString, TimeProvider.System);
        Assert.Equal(new PendingPersonRequest(4242, SyncEntity.Lead), Assert.Single(await after.GetPendingPersonRequestsAsync()));
    }

    private Dictionary<string, string?> Settings() => new()
    {
        // Nothing listens on port 9: every cycle fails at once and the loop waits its interval.
        ["CrmSync:Pairs:p1:Dataverse:Url"] = "http://127.0.0.1:9",
        ["CrmSync:Pairs:p1:Dataverse:AccessToken"] = "token",
        ["CrmSync:Pairs:p1:Dataverse:MaxRetryAttempts"] = "0",
        ["CrmSync:Pairs:p1:Marketo:BaseUrl"] = "http://127.0.0.1:9",
        ["CrmSync:Pairs:p1:Marketo:ClientId"] = "id",
        ["CrmSync:Pairs:p1:Marketo:ClientSecret"] = "secret",
        ["CrmSync:Pairs:p1:Marketo:MaxTransientRetries"] = "0",
        ["CrmSync:Pairs:p1:Sync:Interval"] = "00:01:00",
        ["CrmSync:State:ConnectionString"] = ConnectionString,
    };

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string ConnectionString => $"Data Source={Path.Combine(folder, "crmsync.db")}";

    private async Task<(IReadOnlyCollection<string> Lines, int Count)> RunUntilAsync(CountingKeptRequests kept, Func<IReadOnlyCollection<string>, bool> done)
    {
        await using (var state = new SqliteStateStore(ConnectionString, TimeProvider.System))
        {
            await state.InitializeAsync();
            await state.ReservePersonRecordAsync(4242, SyncEntity.Lead);
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings()).Build();
        using var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
        await using var runner = new PairRunner(
            new CommitFence("p1", "a0-0"), configuration, TimeProvider.System, loggerFactory, services => services.AddSingleton<KeptRequests>(kept), TimeSpan.FromMilliseconds(100));
        runner.Start(1);
        for (var waited = 0; waited < 300 && !done(logs.Lines); waited++)
        {
            await Task.Delay(100);
        }

        Assert.True(done(logs.Lines), "never seen within 30 s:\n" + string.Join("\n", logs.Lines));
        return (logs.Lines, kept.Calls);
    }

    /// <summary>Counts its calls; finishes the one kept request, or fails as Dynamics being away would.</summary>
    private sealed class CountingKeptRequests(bool fail) : KeptRequests
    {
        private int calls;

        public int Calls => Volatile.Read(ref calls);

        public override Task<int> CarryOutAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref calls);
            return fail ? throw new InvalidOperationException("Dynamics is away") : Task.FromResult(1);
        }
    }
}
