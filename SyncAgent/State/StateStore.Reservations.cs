using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.State;

/// <summary>Reservations of a person's Dynamics record before sync-person creates it (issue 18 item 3).</summary>
internal abstract partial class StateStore
{
    private const string ReservationPrefix = "reserve:";

    /// <summary>The marker that reserves <paramref name="marketoId"/>'s record; its value is the entity's logical name.</summary>
    public static string ReservationMarker(long marketoId) => ReservationPrefix + marketoId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Reserves the Dynamics record of person <paramref name="marketoId"/> as <paramref name="entity"/>, committed before
    /// the create, atomically across processes: the answer is the person's link if it is linked, else the entity to create,
    /// which is an earlier reservation's (another process's sync-person with another <c>as</c>) if there is one. The link
    /// commit clears the reservation. The default runs in one transaction, relying on <see cref="BeginAsync"/> taking the
    /// store's write lock at once (SQLite <c>BEGIN IMMEDIATE</c>) so no other writer commits between the reads and the
    /// reservation; a store without such a lock overrides it.
    /// </summary>
    public virtual async Task<PersonReservation> ReservePersonRecordAsync(long marketoId, SyncEntity entity, CancellationToken cancellationToken = default)
    {
        await using var transaction = await BeginAsync(cancellationToken).ConfigureAwait(false);
        return await ReserveInAsync(transaction, marketoId, entity, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The reservation's reads and marker in <paramref name="transaction"/>, committed when a marker is written.</summary>
    protected async Task<PersonReservation> ReserveInAsync(StateTransaction transaction, long marketoId, SyncEntity entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (await FindLinkAsync(marketoId, cancellationToken).ConfigureAwait(false) is { } link)
        {
            return new PersonReservation(link, link.Entity);
        }

        var markers = await GetMarkersAsync(cancellationToken).ConfigureAwait(false);
        if (markers.TryGetValue(ReservationMarker(marketoId), out var reserved) && SyncEntityNames.TryParse(reserved, out var earlier))
        {
            return new PersonReservation(null, earlier);
        }

        await transaction.SetMarkerAsync(ReservationMarker(marketoId), entity.ToLogicalName(), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new PersonReservation(null, entity);
    }

    /// <summary>
    /// The accepted sync-person requests not carried out yet, oldest id first (issue 18 item 4): a reservation is
    /// committed before the create, so each one left behind (the answer's deadline passed, Dynamics or Marketo failed,
    /// the process died) is a request the caller was told is kept, and the next cycle carries it out.
    /// </summary>
    public async Task<IReadOnlyList<PendingPersonRequest>> GetPendingPersonRequestsAsync(CancellationToken cancellationToken = default)
    {
        var markers = await GetMarkersAsync(cancellationToken).ConfigureAwait(false);
        var pending = new List<PendingPersonRequest>();
        foreach (var (name, value) in markers)
        {
            if (name.StartsWith(ReservationPrefix, StringComparison.Ordinal)
                && long.TryParse(name.AsSpan(ReservationPrefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var marketoId)
                && SyncEntityNames.TryParse(value, out var entity))
            {
                pending.Add(new PendingPersonRequest(marketoId, entity));
            }
        }

        pending.Sort((a, b) => a.MarketoId.CompareTo(b.MarketoId));
        return pending;
    }

    /// <summary>How many accepted sync-person requests are kept unfinished, and when the oldest was accepted (issue 18; <c>crmsync status</c>).</summary>
    public async Task<KeptRequestsSummary> GetKeptPersonRequestsSummaryAsync(CancellationToken cancellationToken = default)
    {
        var times = await GetMarkerTimesAsync(ReservationPrefix, cancellationToken).ConfigureAwait(false);
        return new KeptRequestsSummary(times.Count, times.Count == 0 ? null : times.Values.Min());
    }

    /// <summary>The kept request of <paramref name="marketoId"/>, or null when there is none.</summary>
    public async Task<PendingPersonRequest?> FindPendingPersonRequestAsync(long marketoId, CancellationToken cancellationToken = default)
    {
        var markers = await GetMarkersAsync(cancellationToken).ConfigureAwait(false);
        return markers.TryGetValue(ReservationMarker(marketoId), out var value) && SyncEntityNames.TryParse(value, out var entity)
            ? new PendingPersonRequest(marketoId, entity)
            : null;
    }

    /// <summary>Drops the reservation of <paramref name="marketoId"/>'s record (nothing was created).</summary>
    public async Task ReleasePersonRecordAsync(long marketoId, CancellationToken cancellationToken = default)
    {
        await using var transaction = await BeginAsync(cancellationToken).ConfigureAwait(false);
        await transaction.ClearMarkerAsync(ReservationMarker(marketoId), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
