using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.State;

/// <summary>The answer of <see cref="StateStore.ReservePersonRecordAsync"/>: the person's link, or the entity its record is reserved as.</summary>
internal sealed record PersonReservation(Link? Link, SyncEntity Entity);
