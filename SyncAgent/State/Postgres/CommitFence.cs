namespace CrmSync.SyncAgent.State.Postgres;

/// <summary>
/// The lease a PostgreSQL store's commits must still hold (fencing, DESIGN B21): pair, holder and the epoch the holder
/// was granted. The lease keeper sets <see cref="Epoch"/> when it takes the lease and clears it when the lease is lost
/// or released; a commit checks the lease row in its own transaction and is refused when the epoch moved on.
/// </summary>
internal sealed class CommitFence(string pair, string holder)
{
    /// <summary>The lease table (schema <c>crmsync_cluster</c>, shared by every pair).</summary>
    public const string LeaseTable = "crmsync_cluster.leases";

    /// <summary>The fenced commits, one row per pair, epoch and holder with their count (the record that no epoch had two committers).</summary>
    public const string CommitTable = "crmsync_cluster.commits";

    /// <summary>Every lease granted, one row per pair and epoch (the primary key: an epoch is granted once).</summary>
    public const string GrantTable = "crmsync_cluster.lease_grants";

    private long epoch;

    /// <summary>The pair whose lease row is checked.</summary>
    public string Pair { get; } = pair;

    /// <summary>This agent's holder id.</summary>
    public string Holder { get; } = holder;

    /// <summary>The epoch held, or 0 when the lease is not held.</summary>
    public long Epoch
    {
        get => Interlocked.Read(ref epoch);
        set => Interlocked.Exchange(ref epoch, value);
    }
}
