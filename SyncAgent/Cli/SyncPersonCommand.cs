using System.CommandLine;
using CrmSync.SyncAgent.Cluster;
using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.RealTime;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.State.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Cli;

/// <summary>
/// <c>crmsync sync-person &lt;marketoId&gt; [--as lead|contact]</c> (DESIGN B4). On a PostgreSQL state it behaves like
/// the webhook under leases (DESIGN B21, issue 16): while an agent holds the pair's lease the request is kept in the
/// pair's state for that agent (exit 1, saying so); otherwise the command takes the lease for the call, so its commits
/// are fenced like a cycle's, and releases it at the end.
/// </summary>
internal static class SyncPersonCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var marketoId = new Argument<long>("marketoId") { Description = "The Marketo lead id of the person" };
        var entity = new Option<string>("--as") { Description = "Create a lead (default) or a contact", DefaultValueFactory = _ => "lead" };
        entity.AcceptOnlyFromAmong("lead", "contact");
        var command = new Command("sync-person", "Create a Marketo person in Dynamics now and link it (already linked: nothing is written)") { marketoId, entity };
        command.SetAction((parseResult, cancellationToken) => AgentCommandRunner.RunAsync(parseResult, environment, async (session, ct) =>
        {
            var id = parseResult.GetValue(marketoId);
            var kind = SyncEntityNames.Parse(parseResult.GetValue(entity)!);
            var result = session.Services.GetService<CommitFence>() is { } fence
                ? await UnderLeaseAsync(session, fence, id, kind, ct).ConfigureAwait(false)
                : await session.Get<PersonSyncService>().SyncAsync(id, kind, ct).ConfigureAwait(false);
            await session.Output.WriteLineAsync(result.Message).ConfigureAwait(false);
            if (result.SkippedFields.Count > 0)
            {
                await session.Output.WriteLineAsync($"Not written (the sync user may not write them): {string.Join(", ", result.SkippedFields)}").ConfigureAwait(false);
            }

            return result.IsLinked ? ExitCodes.Success : ExitCodes.Failure;
        }, cancellationToken, FenceOnPostgres));
        return command;
    }

    /// <summary>On a PostgreSQL state the command's store is fenced by a lease of its own (epoch 0 until taken: nothing commits).</summary>
    private static void FenceOnPostgres(IServiceCollection services, IConfiguration configuration)
    {
        if (!string.Equals(configuration["CrmSync:State:Provider"], StateOptions.Postgres, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        // Never the agents' configured HolderId: the CLI is not the agent that shares its appsettings.json.
        var holder = "cli-" + PairFences.HolderId(null);
        services.AddSingleton(sp => new CommitFence(sp.GetRequiredService<IOptions<StateOptions>>().Value.Pair, holder));
    }

    private static async Task<PersonSyncResult> UnderLeaseAsync(AgentSession session, CommitFence fence, long marketoId, SyncEntity entity, CancellationToken cancellationToken)
    {
        var cluster = new ClusterOptions();
        session.Get<IConfiguration>().GetSection(ClusterOptions.SectionName).Bind(cluster);
        await using var leases = new PostgresLeaseStore(session.Get<IOptions<StateOptions>>().Value.ConnectionString);
        await leases.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var state = (PostgresStateStore)session.Get<StateStore>();
        if (await leases.TryAcquireAsync(fence.Pair, fence.Holder, cluster.LeaseDuration, cancellationToken).ConfigureAwait(false) is not { } epoch)
        {
            // An agent runs the pair: it carries the request out (like the webhook on an agent without the lease).
            return await KeptForHolder.KeepAsync(state, fence.Pair, marketoId, entity, cancellationToken).ConfigureAwait(false);
        }

        fence.Epoch = epoch;
        try
        {
            return await session.Get<PersonSyncService>().SyncAsync(marketoId, entity, cancellationToken).ConfigureAwait(false);
        }
        catch (LeaseLostException)
        {
            // The call outlasted the command's lease (CrmSync:Cluster:LeaseDuration) and an agent took the pair: its
            // write was refused; the request is kept for that agent (or found linked), like on a non-holder.
            fence.Epoch = 0;
            return await KeptForHolder.KeepAsync(state, fence.Pair, marketoId, entity, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            fence.Epoch = 0;
            await leases.ReleaseAsync(fence.Pair, fence.Holder, epoch, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
