using System.Globalization;
using CrmSync.SyncAgent.Cluster;
using CrmSync.SyncAgent.Configuration;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Cli;

/// <summary>The pairs' leases in <c>crmsync status</c> on a PostgreSQL state: holder, epoch and expiry of each (DESIGN B21).</summary>
internal static class LeaseView
{
    /// <summary>Writes the lease table when the state is in PostgreSQL; nothing on SQLite.</summary>
    public static async Task WriteAsync(AgentSession session, CancellationToken cancellationToken)
    {
        var state = session.Get<IOptions<StateOptions>>().Value;
        if (!state.IsPostgres)
        {
            return;
        }

        await using var leases = new PostgresLeaseStore(state.ConnectionString);
        await leases.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var rows = await leases.ListAsync(cancellationToken).ConfigureAwait(false);
        await session.Output.WriteLineAsync().ConfigureAwait(false);
        await session.Output.WriteLineAsync("Pairs (leases)").ConfigureAwait(false);
        if (rows.Count == 0)
        {
            await session.Output.WriteLineAsync("  no pair has been taken by an agent yet").ConfigureAwait(false);
        }

        foreach (var row in rows)
        {
            await session.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {row.Pair,-20} holder {row.Holder ?? "(released)",-32} epoch {row.Epoch,6}  expires {row.ExpiresOn.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z")).ConfigureAwait(false);
        }
    }
}
