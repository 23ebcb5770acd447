using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.RealTime;

/// <summary>How a sync-person request ended.</summary>
internal enum PersonSyncOutcome
{
    /// <summary>The Dynamics record was created and linked.</summary>
    Created,

    /// <summary>The record already existed (an earlier attempt created it) and is now linked.</summary>
    Linked,

    /// <summary>The person was already linked: nothing was written; updates travel with the background sync.</summary>
    AlreadyLinked,

    /// <summary>Marketo has no person with that id.</summary>
    NotFound,

    /// <summary>Dynamics refused the create (e.g. a validation rule); recorded as a rejection.</summary>
    Rejected,

    /// <summary>
    /// The call stopped (deadline, Dynamics or Marketo failing) after the request was kept in the state: the next cycle
    /// creates and links the record at the latest (issue 18 item 4).
    /// </summary>
    Pending,

    /// <summary>
    /// This agent (or CLI) does not hold the pair's lease (DESIGN B21): the request is kept in the pair's state for the
    /// agent that holds it, which creates and links the record at its next poll or cycle (issue 16).
    /// </summary>
    KeptForHolder,
}

/// <summary>The answer to a sync-person request.</summary>
/// <param name="Record">The linked Dynamics record, when there is one.</param>
/// <param name="Message">A sentence for the caller (CLI output, webhook response).</param>
/// <param name="SkippedFields">Mapped Dynamics columns left out because the sync user may not write them.</param>
internal sealed record PersonSyncResult(PersonSyncOutcome Outcome, long MarketoId, RecordKey? Record, string Message, IReadOnlyList<string> SkippedFields)
{
    /// <summary>True when the person is linked after the call.</summary>
    public bool IsLinked => Outcome is PersonSyncOutcome.Created or PersonSyncOutcome.Linked or PersonSyncOutcome.AlreadyLinked;

    /// <summary>The answer for a person <paramref name="link"/> already links: nothing was written.</summary>
    public static PersonSyncResult AlreadyLinked(Link link) => new(
        PersonSyncOutcome.AlreadyLinked, link.MarketoId, link.Record,
        $"Marketo person {link.MarketoId} is already linked to {link.Entity.ToLogicalName()} {link.Record.Id:D}; updates travel with the background sync.", []);
}
