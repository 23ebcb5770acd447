namespace CrmSync.SyncAgent.State.Postgres;

/// <summary>A commit was refused because the pair's lease is no longer this holder's (another agent took it over).</summary>
internal sealed class LeaseLostException(string pair, string holder, long epoch)
    : InvalidOperationException($"Commit refused: the lease of pair '{pair}' is no longer held by {holder} in epoch {epoch}.")
{
    /// <summary>The pair.</summary>
    public string Pair { get; } = pair;

    /// <summary>The epoch the refused commit was made in (0: no lease held).</summary>
    public long Epoch { get; } = epoch;
}
