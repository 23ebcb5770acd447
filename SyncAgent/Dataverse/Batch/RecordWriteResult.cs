using System.Net;

namespace CrmSync.SyncAgent.Dataverse.Batch;

/// <summary>How one <see cref="RecordWrite"/> ended.</summary>
internal enum RecordWriteOutcome
{
    Succeeded,

    /// <summary>A create found the id already there (412): an earlier attempt landed.</summary>
    AlreadyExists,

    /// <summary>The record does not exist (404): deleted in Dynamics (for a delete: already gone).</summary>
    NotFound,

    /// <summary>Dynamics refused this record (4xx, e.g. plug-in validation <c>0x80040265</c>).</summary>
    Rejected,

    /// <summary>A server-side failure for this record (5xx, or no response part): try again next cycle.</summary>
    Failed,
}

/// <summary>The result of one <see cref="RecordWrite"/>, from its part of the <c>$batch</c> response.</summary>
internal sealed record RecordWriteResult(RecordWrite Write, RecordWriteOutcome Outcome, HttpStatusCode Status, string? ErrorCode, string? Message)
{
    /// <summary>True when the record is now as the write wanted it.</summary>
    public bool Landed => Outcome switch
    {
        RecordWriteOutcome.Succeeded or RecordWriteOutcome.AlreadyExists => true,
        RecordWriteOutcome.NotFound => Write.Kind == RecordWriteKind.Delete,
        _ => false,
    };
}
