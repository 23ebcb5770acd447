namespace CrmSync.SyncAgent.Cycle;

/// <summary>
/// The cycle's last step: carry out the sync-person requests that were accepted and kept in the state but not finished
/// (issue 18 item 4). Sync-person implements it, so the cycle carries them out through sync-person's own steps
/// without depending on it.
/// </summary>
internal abstract class KeptRequests
{
    /// <summary>Carries out every kept request; returns how many were finished (each is removed when done).</summary>
    public abstract Task<int> CarryOutAsync(CancellationToken cancellationToken);
}
