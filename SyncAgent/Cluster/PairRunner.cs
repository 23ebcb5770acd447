using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Hosting;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.State.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Cluster;

/// <summary>
/// One pair on this agent: its own services (connectors, state schema, cycle) built from the pair's configuration, its
/// <see cref="CommitFence"/>, and while its lease is held the service loop of <see cref="SyncWorker"/>: a cycle, then
/// the interval. Losing the lease clears the fence at once (no commit passes) and stops the loop.
/// </summary>
internal sealed partial class PairRunner : IAsyncDisposable
{
    private readonly ServiceProvider services;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly TimeSpan keptRequestsPoll;
    private CancellationTokenSource? running;
    private Task loop = Task.CompletedTask;
    private Task drain = Task.CompletedTask;

    /// <summary>Builds the pair's services; <paramref name="configureServices"/> runs after them (tests put fakes there).</summary>
    public PairRunner(
        CommitFence fence, IConfiguration configuration, TimeProvider time, ILoggerFactory loggerFactory, Action<IServiceCollection>? configureServices,
        TimeSpan keptRequestsPoll)
    {
        this.keptRequestsPoll = keptRequestsPoll > TimeSpan.Zero ? keptRequestsPoll : throw new ArgumentOutOfRangeException(nameof(keptRequestsPoll));
        Pair = fence.Pair;
        Fence = fence;
        this.time = time;
        logger = loggerFactory.CreateLogger<PairRunner>();
        var collection = new ServiceCollection();
        collection.AddSingleton(time);
        collection.AddSingleton(loggerFactory);
        collection.AddSingleton(Fence);
        collection.AddCrmSyncAgent(PairConfigurations.For(configuration, Pair));
        configureServices?.Invoke(collection);
        services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false });
    }

    /// <summary>The pair's name.</summary>
    public string Pair { get; }

    /// <summary>The fence this pair's commits check.</summary>
    public CommitFence Fence { get; }

    /// <summary>Whether this runner's drain of kept sync-person requests runs (only while the lease is held, issue 17).</summary>
    internal bool IsDraining => !drain.IsCompleted;

    /// <summary>Whether the lease is held (the loop runs).</summary>
    public bool IsHeld => Fence.Epoch != 0;

    /// <summary>Starts the loop under lease epoch <paramref name="epoch"/>.</summary>
    public void Start(long epoch)
    {
        Fence.Epoch = epoch;
        running = new CancellationTokenSource();
        var token = running.Token;
        loop = Task.Run(() => LoopAsync(token), CancellationToken.None);
        // Only the holder drains (issue 17): woken by its own webhook's kept requests; the poll between cycles finds the others'.
        drain = Task.Run(() => services.GetRequiredService<RealTime.KeptRequestDrain>().RunAsync(null, token), CancellationToken.None);
    }

    /// <summary>Stops the loop: the fence is cleared first, so nothing commits after the lease is gone; then waits for the loop to end.</summary>
    public async Task StopAsync()
    {
        Fence.Epoch = 0;
        if (running is null)
        {
            return;
        }

        await running.CancelAsync().ConfigureAwait(false);
        try
        {
            await loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loop ended with its cancellation.
        }

        try
        {
            await drain.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The drain ended with its cancellation.
        }

        running.Dispose();
        running = null;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await services.DisposeAsync().ConfigureAwait(false);
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        var cycle = services.GetRequiredService<SyncCycle>();
        var interval = services.GetRequiredService<IOptions<SyncOptions>>().Value.Interval;
        LogPairStarted(logger, Pair, Fence.Epoch);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await cycle.RunAsync(null, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (LeaseLostException ex)
            {
                LogCommitRefused(logger, Pair, ex.Epoch);
                break;
            }
#pragma warning disable CA1031 // One failed cycle must not stop the pair; the next cycle repeats it (as SyncWorker).
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogPairCycleFailed(logger, Pair, ex.Message);
            }

            try
            {
                await WaitCarryingOutKeptAsync(interval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (LeaseLostException ex)
            {
                LogCommitRefused(logger, Pair, ex.Epoch);
                break;
            }
        }
    }

    /// <summary>
    /// The interval between cycles, looking every poll for sync-person requests kept in the state (by another agent's
    /// webhook or a CLI without the lease, issue 16) and carrying them out at once: one small query per poll while none
    /// are kept. The cycle's own last step carries out whatever is left.
    /// </summary>
    private async Task WaitCarryingOutKeptAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        var state = services.GetRequiredService<StateStore>();
        var kept = services.GetRequiredService<KeptRequests>();
        var end = time.GetUtcNow() + interval;
        for (var left = interval; left > TimeSpan.Zero; left = end - time.GetUtcNow())
        {
            await Task.Delay(left < keptRequestsPoll ? left : keptRequestsPoll, time, cancellationToken).ConfigureAwait(false);
            try
            {
                if ((await state.GetKeptPersonRequestsSummaryAsync(cancellationToken).ConfigureAwait(false)).Count > 0)
                {
                    LogKeptCarriedOut(logger, Pair, await kept.CarryOutAsync(cancellationToken).ConfigureAwait(false));
                }
            }
            catch (Exception ex) when (ex is not (OperationCanceledException or LeaseLostException))
            {
                // The state or a cloud away: the requests stay kept; the next poll or the cycle tries again.
                LogKeptFailed(logger, Pair, ex.Message);
            }
        }
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Pair {Pair}: {Count} kept sync-person request(s) carried out between cycles")]
    private static partial void LogKeptCarriedOut(ILogger logger, string pair, int count);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Pair {Pair}: kept sync-person requests not carried out between cycles: {Reason}; they stay kept")]
    private static partial void LogKeptFailed(ILogger logger, string pair, string reason);

    [LoggerMessage(EventId = 4510, Level = LogLevel.Information, Message = "Pair {Pair}: lease taken in epoch {Epoch}; cycles start")]
    private static partial void LogPairStarted(ILogger logger, string pair, long epoch);

    [LoggerMessage(EventId = 4511, Level = LogLevel.Warning, Message = "Pair {Pair}: commit refused, the lease of epoch {Epoch} was taken over; this agent stops the pair")]
    private static partial void LogCommitRefused(ILogger logger, string pair, long epoch);

    [LoggerMessage(EventId = 4512, Level = LogLevel.Warning, Message = "Pair {Pair}: cycle failed: {Reason}; the next cycle runs after the interval")]
    private static partial void LogPairCycleFailed(ILogger logger, string pair, string reason);
}
