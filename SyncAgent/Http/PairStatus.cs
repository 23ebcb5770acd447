using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CrmSync.SyncAgent.Cluster;
using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CrmSync.SyncAgent.Http;

/// <summary>
/// Every configured pair on the status page and in <c>/api/status</c> (DESIGN B21): its lease (holder, epoch and expiry,
/// on PostgreSQL) and its last cycle from the pair's own state. A pair that cannot be read shows why, the others still show.
/// </summary>
internal static class PairStatus
{
    /// <summary>One pair's row; <paramref name="Problem"/> says why the rest is missing.</summary>
    public sealed record Row(string Pair, string? Holder, long? Epoch, DateTimeOffset? LeaseExpires, CycleRecord? LastCycle, string? Problem);

    /// <summary>Reads every pair's row.</summary>
    public static async Task<IReadOnlyList<Row>> GetAsync(IConfiguration configuration, PairServices pairs, StateOptions state, CancellationToken cancellationToken)
    {
        var leases = state.IsPostgres ? await LeasesAsync(state.ConnectionString, cancellationToken).ConfigureAwait(false) : [];
        var rows = new List<Row>();
        foreach (var pair in PairConfigurations.Names(configuration))
        {
            var lease = leases.FirstOrDefault(l => l.Pair == pair);
            CycleRecord? last = null;
            string? problem = null;
            try
            {
                var store = pairs.Find(pair)?.GetRequiredService<StateStore>();
                last = store is null ? null : (await store.GetRecentCyclesAsync(1, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
            }
            catch (OptionsValidationException)
            {
                problem = "the pair's configuration is invalid (the agent's log names the key)";
            }
            catch (Exception ex) when (ex is NpgsqlException or StateStoreException or InvalidOperationException)
            {
                problem = "its state cannot be read: " + ex.Message;
            }

            rows.Add(new Row(pair, lease?.Holder, lease?.Epoch, lease?.ExpiresOn, last, problem));
        }

        return rows;
    }

    /// <summary>The rows as the <c>pairs</c> array of <c>/api/status</c>.</summary>
    public static JsonArray ToJson(IReadOnlyList<Row> rows) => new([.. rows.Select(r => (JsonNode)new JsonObject
    {
        ["pair"] = r.Pair,
        ["holder"] = r.Holder,
        ["epoch"] = r.Epoch,
        ["leaseExpiresOn"] = r.LeaseExpires?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        ["lastCycle"] = r.LastCycle is { } c ? new JsonObject
        {
            ["startedOn"] = c.StartedOn.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["outcome"] = c.Outcome.ToString(),
        } : null,
        ["problem"] = r.Problem,
    })]);

    /// <summary>The rows as the status page's "Pairs" table.</summary>
    public static string ToHtml(IReadOnlyList<Row> rows)
    {
        var html = new StringBuilder("<h2>Pairs</h2><table><tr><th>Pair</th><th>Holder</th><th>Epoch</th><th>Lease expires (UTC)</th><th>Last cycle (UTC)</th><th>Outcome</th></tr>");
        foreach (var r in rows)
        {
            html.Append("<tr><td>").Append(E(r.Pair)).Append("</td><td>").Append(E(r.Holder ?? (r.Epoch is null ? "—" : "(released)")))
                .Append("</td><td>").Append(r.Epoch?.ToString(CultureInfo.InvariantCulture) ?? "—")
                .Append("</td><td>").Append(E(r.LeaseExpires?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "—"))
                .Append("</td><td>").Append(E(r.LastCycle?.StartedOn.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "—"))
                .Append("</td><td>").Append(E(r.Problem ?? r.LastCycle?.Outcome.ToString() ?? "no cycle yet")).Append("</td></tr>");
        }

        return html.Append("</table>").ToString();
    }

    private static async Task<IReadOnlyList<LeaseInfo>> LeasesAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var leases = new PostgresLeaseStore(connectionString);
        try
        {
            return await leases.ListAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return []; // No agent has taken a lease yet.
        }
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
