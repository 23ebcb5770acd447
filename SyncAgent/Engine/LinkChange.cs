namespace CrmSync.SyncAgent.Engine;

/// <summary>What happens to a link.</summary>
internal enum LinkChangeKind
{
    /// <summary>Lead conversion: the person moves from the lead to the contact created from it (DESIGN B10).</summary>
    Relink = 0,

    /// <summary>The Dynamics record was deleted: the person is unlinked and marked; no Marketo data is deleted.</summary>
    Unlink,

    /// <summary>
    /// The record's sync filter was set to No (DESIGN B11): the person is unlinked and marked, so its later changes no
    /// longer reach the record; no Marketo data is deleted. Setting the filter back to Yes links by email again.
    /// </summary>
    FilteredOut,

    /// <summary>
    /// The record was merged into another in Dynamics whose record also had a person (DESIGN B17): the person is merged
    /// into the master's person in Marketo and loses its link; <see cref="LinkChange.To"/> names the master.
    /// </summary>
    Merged,

    /// <summary>
    /// The person was merged into another person in Marketo (a Merge Leads activity) and no longer exists: its link is
    /// dropped; <see cref="LinkChange.Winner"/> names the survivor. Nothing in Dynamics is deleted.
    /// </summary>
    MergedInMarketo,
}

/// <summary>A change to a stored link, to commit with the cycle.</summary>
/// <param name="Kind">Relink or unlink.</param>
/// <param name="MarketoId">The person.</param>
/// <param name="From">The record it was linked to.</param>
/// <param name="To">For <see cref="LinkChangeKind.Relink"/>: the new record.</param>
/// <param name="Winner">For <see cref="LinkChangeKind.MergedInMarketo"/>: the surviving person.</param>
internal sealed record LinkChange(LinkChangeKind Kind, long MarketoId, RecordKey From, RecordKey? To, long? Winner = null)
{
    /// <summary>Whether the person loses its link (a delete or the sync filter), rather than moving to another record.</summary>
    public bool Unlinks => Kind != LinkChangeKind.Relink;

    /// <summary>Why the person loses its link, as recorded in the state; null for a relink.</summary>
    public string? UnlinkReason => Kind switch
    {
        LinkChangeKind.Unlink => UnlinkReasons.Deleted,
        LinkChangeKind.FilteredOut => UnlinkReasons.SyncFilterOff,
        LinkChangeKind.Merged => UnlinkReasons.MergedInDynamics(To!.Value),
        LinkChangeKind.MergedInMarketo => UnlinkReasons.MergedInMarketo(Winner!.Value),
        _ => null,
    };
}
