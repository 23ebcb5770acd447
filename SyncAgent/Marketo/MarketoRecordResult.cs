namespace CrmSync.SyncAgent.Marketo;

/// <summary>Per-record outcome of Sync Leads or Add Custom Activities, in input order.</summary>
/// <param name="Index">Position of the record in the caller's input.</param>
/// <param name="Id">Lead id (Sync Leads) or activity id, when Marketo returned one.</param>
/// <param name="MarketoGuid">Activity GUID (Add Custom Activities).</param>
/// <param name="Status">created / updated / skipped / added.</param>
/// <param name="Reasons">Why a record was skipped (<c>reasons</c> or, for custom activities, <c>errors</c>): 1003 invalid data, 1004 lead not found, 1005 lead already exists, 1006 field not found, 1007 multiple leads match, …</param>
internal sealed record MarketoRecordResult(int Index, long? Id, string? MarketoGuid, MarketoRecordStatus Status, IReadOnlyList<MarketoReason> Reasons)
{
    /// <summary>True when Marketo applied the record.</summary>
    public bool Succeeded => Status is MarketoRecordStatus.Created or MarketoRecordStatus.Updated or MarketoRecordStatus.Added or MarketoRecordStatus.Deleted;
}

/// <summary>Record-level status (error-codes page, "Record-Level").</summary>
internal enum MarketoRecordStatus
{
    /// <summary>A status this connector does not know; treat as not applied.</summary>
    Unknown,

    /// <summary><c>created</c>.</summary>
    Created,

    /// <summary><c>updated</c>.</summary>
    Updated,

    /// <summary><c>skipped</c>, with reasons.</summary>
    Skipped,

    /// <summary><c>added</c> (custom activity).</summary>
    Added,

    /// <summary><c>deleted</c> (Delete Companies, Delete Opportunities).</summary>
    Deleted,
}
