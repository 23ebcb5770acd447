using System.Collections.Concurrent;
using System.Globalization;

namespace CrmSync.SyncAgent.State.Postgres;

/// <summary>
/// The <see cref="CommitFence"/> of every pair on this agent (DESIGN B21), one per pair, shared by the pair's cycle loop
/// and its sync-person webhook: both write the pair's state only while this agent holds the lease, in its epoch.
/// </summary>
internal sealed class PairFences(string holder)
{
    private readonly ConcurrentDictionary<string, CommitFence> fences = new(StringComparer.Ordinal);

    /// <summary>This agent's holder id.</summary>
    public string Holder { get; } = holder;

    /// <summary>The fence of <paramref name="pair"/> (epoch 0 until the lease is taken).</summary>
    public CommitFence For(string pair) => fences.GetOrAdd(pair, p => new CommitFence(p, Holder));

    /// <summary>The holder id from <c>CrmSync:Cluster:HolderId</c>, else host name, process id and a random suffix.</summary>
    public static string HolderId(string? configured) =>
        configured ?? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}");
}
