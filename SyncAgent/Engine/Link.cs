namespace CrmSync.SyncAgent.Engine;

/// <summary>A Marketo person linked to one Dynamics lead or contact (unique both ways).</summary>
/// <param name="MarketoId">The Marketo lead id.</param>
/// <param name="Record">The linked Dynamics record.</param>
internal sealed record Link(long MarketoId, RecordKey Record)
{
    /// <summary>The linked record's table, which picks the default collision rule.</summary>
    public SyncEntity Entity => Record.Entity;
}
