using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Hosting;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.State.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrmSync.SyncAgent.Http;

/// <summary>
/// The services of each pair for the web side (DESIGN B21): <c>/api/pairs/&lt;name&gt;/sync-person</c> runs against the
/// pair's Dynamics, Marketo, state and webhook secret. Without <c>CrmSync:Pairs</c> the one pair <c>default</c> is the
/// web application's own services; with it, each pair's services are built (from <see cref="PairConfigurations.For"/>)
/// and validated when first asked for.
/// </summary>
internal sealed class PairServices : IAsyncDisposable
{
    private readonly IServiceProvider? own;
    private readonly Dictionary<string, Lazy<ServiceProvider>> pairs = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource draining = new();
    private readonly List<Task> drains = [];

    public PairServices(IConfiguration configuration, IServiceProvider app, Action<IServiceCollection>? configureServices)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(app);
        // One pair and no leases: the application's own services. Under leases even the one pair gets its own, fenced.
        if (!configuration.GetSection(PairConfigurations.SectionName).GetChildren().Any() && app.GetService<PairFences>() is null)
        {
            own = app;
            return;
        }

        foreach (var name in PairConfigurations.Names(configuration))
        {
            pairs[name] = new Lazy<ServiceProvider>(() => StartDrain(Build(configuration, name, app, configureServices)), LazyThreadSafetyMode.ExecutionAndPublication);
        }
    }

    /// <summary>The services of <paramref name="pair"/>; null when no such pair is configured.</summary>
    public IServiceProvider? Find(string pair)
    {
        if (own is not null)
        {
            return string.Equals(pair, PairNames.Default, StringComparison.Ordinal) ? own : null;
        }

        return pairs.TryGetValue(pair, out var services) ? services.Value : null;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await draining.CancelAsync().ConfigureAwait(false);
        Task[] running;
        lock (drains)
        {
            running = [.. drains];
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        draining.Dispose();
        foreach (var services in pairs.Values.Where(p => p.IsValueCreated))
        {
            await services.Value.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Under leases, the pair's webhook services drain the requests their calls kept (issue 17), woken by those calls and
    /// waiting on this container's Dynamics pause; <see cref="RealTime.KeptRequestDrain"/> drains only while the fence
    /// holds an epoch (this agent holds the pair). <c>PairRunner</c>'s own drain covers a restart.
    /// </summary>
    private ServiceProvider StartDrain(ServiceProvider provider)
    {
        if (provider.GetService<CommitFence>() is not null)
        {
            var drain = provider.GetRequiredService<RealTime.KeptRequestDrain>();
            var token = draining.Token;
            lock (drains)
            {
                drains.Add(Task.Run(() => drain.RunAsync(null, token), CancellationToken.None));
            }
        }

        return provider;
    }

    private static ServiceProvider Build(IConfiguration configuration, string pair, IServiceProvider app, Action<IServiceCollection>? configureServices)
    {
        var collection = new ServiceCollection();
        collection.AddSingleton(app.GetRequiredService<TimeProvider>());
        collection.AddSingleton(app.GetRequiredService<ILoggerFactory>());
        collection.AddCrmSyncAgent(PairConfigurations.For(configuration, pair));

        // Under leases (crmsync run on PostgreSQL) the webhook's state writes share the pair's cycle fence: they commit
        // only in this agent's epoch (SyncPersonEndpoint answers 503 while the lease is elsewhere).
        if (app.GetService<PairFences>() is { } fences)
        {
            collection.AddSingleton(fences.For(pair));
        }

        configureServices?.Invoke(collection);
        var provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false });
        try
        {
            AgentServices.ValidateOnStart(provider);
        }
        catch
        {
            provider.Dispose();
            throw;
        }

        return provider;
    }
}
