using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State.Postgres;

namespace CrmSync.SyncAgent.RealTime;

/// <summary>
/// A sync-person request received where the pair's lease is not held (another agent's webhook, or <c>crmsync
/// sync-person</c> while an agent runs the pair; DESIGN B21, issue 16): kept in the pair's state for the holder, which
/// carries it out at its next poll or cycle. Shared by the webhook and the CLI so both say the same.
/// </summary>
internal static class KeptForHolder
{
    /// <summary>
    /// Keeps the request of <paramref name="marketoId"/> for the holder (<see cref="PostgresStateStore.KeepForHolderAsync"/>);
    /// a person already linked gets nothing written and the answer <see cref="PersonSyncOutcome.AlreadyLinked"/>.
    /// </summary>
    public static async Task<PersonSyncResult> KeepAsync(PostgresStateStore state, string pair, long marketoId, SyncEntity entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var reservation = await state.KeepForHolderAsync(marketoId, entity, cancellationToken).ConfigureAwait(false);
        if (reservation.Link is { } link)
        {
            return PersonSyncResult.AlreadyLinked(link);
        }

        return new PersonSyncResult(PersonSyncOutcome.KeptForHolder, marketoId, null,
            $"Pair '{pair}' is run by another agent now (it holds the pair's lease). The request for Marketo person {marketoId} is kept in the pair's state for that agent; it creates and links the {reservation.Entity.ToLogicalName()} at its next poll or cycle at the latest.",
            []);
    }
}
