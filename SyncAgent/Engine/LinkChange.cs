namespace CrmSync.SyncAgent.Engine;

/// <summary>What happens to a link.</summary>
internal enum LinkChangeKind
{
    /// <summary>Lead conversion: the person moves from the lead to the contact created from it (DESIGN B10).</summary>
    Relink = 0,

    /// <summary>The Dynamics record was deleted: the person is unlinked and marked; no Marketo data is deleted.</summary>
    Unlink,
}

/// <summary>A change to a stored link, to commit with the cycle.</summary>
/// <param name="Kind">Relink or unlink.</param>
/// <param name="MarketoId">The person.</param>
/// <param name="From">The record it was linked to.</param>
/// <param name="To">For <see cref="LinkChangeKind.Relink"/>: the new record.</param>
internal sealed record LinkChange(LinkChangeKind Kind, long MarketoId, RecordKey From, RecordKey? To);
