using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.State.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Cluster;

/// <summary>
/// <c>crmsync run</c> on a PostgreSQL state (DESIGN B21): every poll this agent beats its heartbeat, renews the leases it
/// holds (a lease it lost stops that pair at once), gives up pairs beyond its share ⌈pairs ÷ live agents⌉ and takes free
/// or expired ones up to it. A graceful stop ends the pairs' loops and releases their leases and the heartbeat at once.
/// </summary>
internal sealed partial class ClusterWorker(
    IConfiguration configuration, IOptions<CrmSyncOptions> root, TimeProvider time, ILoggerFactory loggerFactory, ClusterServices extra, PairFences fences)
    : BackgroundService
{
    private readonly ILogger logger = loggerFactory.CreateLogger<ClusterWorker>();
    private readonly ClusterOptions options = Bind(configuration, fences.Holder);
    private readonly Dictionary<string, PairRunner> runners = new(StringComparer.Ordinal);

    /// <summary>This agent's holder id.</summary>
    public string Holder => options.HolderId!;

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pairs = PairConfigurations.Names(configuration);
        await using var leases = new PostgresLeaseStore(root.Value.State.ConnectionString);
        await leases.InitializeAsync(stoppingToken).ConfigureAwait(false);
        foreach (var pair in pairs)
        {
            runners[pair] = new PairRunner(fences.For(pair), configuration, time, loggerFactory, extra.ConfigureServices, options.EffectivePollInterval);
        }

        LogClusterStarted(logger, Holder, pairs.Count, options.LeaseDuration);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await PollAsync(leases, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
#pragma warning disable CA1031 // PostgreSQL away (restart, network): keep polling; the leases expire and fencing keeps commits safe.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    LogPollFailed(logger, ex.Message);
                }

                try
                {
                    await Task.Delay(options.EffectivePollInterval, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        finally
        {
            await ReleaseAllAsync(leases).ConfigureAwait(false);
        }
    }

    private async Task PollAsync(PostgresLeaseStore leases, CancellationToken cancellationToken)
    {
        var agents = await leases.HeartbeatAsync(Holder, options.LeaseDuration, cancellationToken).ConfigureAwait(false);
        var share = (runners.Count + agents - 1) / agents;
        foreach (var runner in runners.Values.Where(r => r.IsHeld))
        {
            var epoch = runner.Fence.Epoch;
            if (!await leases.RenewAsync(runner.Pair, Holder, epoch, options.LeaseDuration, cancellationToken).ConfigureAwait(false))
            {
                LogLeaseLost(logger, runner.Pair, epoch);
                await runner.StopAsync().ConfigureAwait(false);
            }
        }

        var held = runners.Values.Where(r => r.IsHeld).ToList();
        foreach (var extraPair in held.Skip(share))
        {
            var epoch = extraPair.Fence.Epoch;
            await extraPair.StopAsync().ConfigureAwait(false);
            await leases.ReleaseAsync(extraPair.Pair, Holder, epoch, cancellationToken).ConfigureAwait(false);
            LogLeaseReleased(logger, extraPair.Pair, epoch, share);
        }

        var count = Math.Min(held.Count, share);

        // Agents look at the free pairs in different orders (by holder), so several starting at once spread out.
        foreach (var runner in runners.Values.Where(r => !r.IsHeld).OrderBy(r => StringComparer.Ordinal.GetHashCode(r.Pair + Holder)))
        {
            if (count >= share)
            {
                break;
            }

            if (await leases.TryAcquireAsync(runner.Pair, Holder, options.LeaseDuration, cancellationToken).ConfigureAwait(false) is { } epoch)
            {
                runner.Start(epoch);
                count++;
            }
        }
    }

    private async Task ReleaseAllAsync(PostgresLeaseStore leases)
    {
        foreach (var runner in runners.Values)
        {
            var epoch = runner.Fence.Epoch;
            await runner.DisposeAsync().ConfigureAwait(false);
            if (epoch != 0)
            {
                try
                {
                    await leases.ReleaseAsync(runner.Pair, Holder, epoch, CancellationToken.None).ConfigureAwait(false);
                    LogLeaseReleased(logger, runner.Pair, epoch, 0);
                }
#pragma warning disable CA1031 // Stopping: a lease not released expires on its own.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    LogPollFailed(logger, ex.Message);
                }
            }
        }

        try
        {
            await leases.LeaveAsync(Holder, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Stopping: the heartbeat expires on its own.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogPollFailed(logger, ex.Message);
        }
    }

    private static ClusterOptions Bind(IConfiguration configuration, string holder)
    {
        var options = new ClusterOptions();
        configuration.GetSection(ClusterOptions.SectionName).Bind(options);
        options.HolderId = holder;
        return options;
    }

    [LoggerMessage(EventId = 4500, Level = LogLevel.Information, Message = "Cluster agent {Holder} started: {Pairs} pair(s), lease {LeaseDuration}")]
    private static partial void LogClusterStarted(ILogger logger, string holder, int pairs, TimeSpan leaseDuration);

    [LoggerMessage(EventId = 4501, Level = LogLevel.Warning, Message = "Pair {Pair}: lease of epoch {Epoch} lost (another agent took it over); the pair stops here")]
    private static partial void LogLeaseLost(ILogger logger, string pair, long epoch);

    [LoggerMessage(EventId = 4502, Level = LogLevel.Information, Message = "Pair {Pair}: lease of epoch {Epoch} released (share {Share})")]
    private static partial void LogLeaseReleased(ILogger logger, string pair, long epoch, int share);

    [LoggerMessage(EventId = 4503, Level = LogLevel.Warning, Message = "Lease poll failed: {Reason}; trying again at the next poll")]
    private static partial void LogPollFailed(ILogger logger, string reason);
}

/// <summary>Extra registrations for every pair's services (tests put fakes under the connectors there).</summary>
internal sealed record ClusterServices(Action<IServiceCollection>? ConfigureServices);
