using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.State;

/// <summary>An accepted sync-person request kept in the state until it is carried out (issue 18 item 4).</summary>
/// <param name="MarketoId">The person to create in Dynamics.</param>
/// <param name="Entity">What to create it as (the reservation's entity).</param>
internal sealed record PendingPersonRequest(long MarketoId, SyncEntity Entity);
