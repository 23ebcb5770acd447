using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Dataverse.Http;
using CrmSync.SyncAgent.Marketo;
using CrmSync.SyncAgent.State;
using Microsoft.Extensions.Logging;

namespace CrmSync.SyncAgent.RealTime;

/// <summary>
/// Carries out the kept sync-person requests for the cycle, each through <see cref="PersonSyncService.CarryOutAsync"/>
/// (reservation, the engine's create plan, create-only upsert of the derived id, link). A request that fails again
/// (Dynamics or Marketo down) stays kept for the next cycle; the others still run.
/// </summary>
internal sealed class KeptPersonRequests(PersonSyncService service, StateStore state, ILogger<KeptPersonRequests> logger) : KeptRequests
{
    /// <inheritdoc/>
    public override async Task<int> CarryOutAsync(CancellationToken cancellationToken)
    {
        var done = 0;
        foreach (var request in await state.GetPendingPersonRequestsAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                var result = await service.CarryOutAsync(request, cancellationToken).ConfigureAwait(false);
                PersonSyncLog.CarriedOut(logger, request.MarketoId, result.Outcome.ToString());
                done++;
            }
            catch (Exception ex) when (ex is DataverseException or MarketoApiException or HttpRequestException)
            {
                PersonSyncLog.StillKept(logger, request.MarketoId, ex.Message);
            }
        }

        return done;
    }
}
