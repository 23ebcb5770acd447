using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Repair;

/// <summary>What a resync did, or (dry run) would do.</summary>
internal sealed class ResyncReport
{
    /// <summary>Linked persons chosen (after a resume: those handled by this run and the earlier ones).</summary>
    public int Persons { get; set; }

    /// <summary>Persons with at least one value to change.</summary>
    public int ChangedPersons { get; set; }

    /// <summary>Values to change (dry run) or written.</summary>
    public int Values { get; set; }

    /// <summary>The values, old and new (only kept for a dry run, up to <see cref="Resync.ListLimit"/>).</summary>
    public List<ResyncChange> Changes { get; } = [];

    /// <summary>Linked persons whose record or person is gone on one side.</summary>
    public int Missing { get; set; }

    /// <summary>Non-blank target values kept because the source side is blank (no <c>--allow-blanking</c>).</summary>
    public int KeptNonBlank { get; set; }

    /// <summary>Those values (only kept for a dry run, up to <see cref="Resync.ListLimit"/>).</summary>
    public List<ResyncChange> Kept { get; } = [];

    /// <summary>Fields left alone because they hold an open rejection.</summary>
    public int Held { get; set; }

    /// <summary>Values refused (rejections).</summary>
    public int Rejections { get; set; }

    /// <summary>Marketo persons and Dynamics records to write (dry run) or written.</summary>
    public int MarketoWrites { get; set; }

    /// <summary>Dynamics records to write (dry run) or written.</summary>
    public int DynamicsWrites { get; set; }

    /// <summary>API calls this run made (reads for a dry run).</summary>
    public int MarketoCalls { get; set; }

    /// <summary>Dynamics requests this run made.</summary>
    public int DataverseCalls { get; set; }

    /// <summary>Marketo calls left of the agent's daily share when it started.</summary>
    public long MarketoRemaining { get; set; }

    /// <summary>Persons skipped because an earlier run of the same request already did them.</summary>
    public int Resumed { get; set; }

    /// <summary>Why it stopped early (quota, throttling), if it did.</summary>
    public string? StoppedReason { get; set; }

    /// <summary>The Marketo calls the writes need: Sync Leads takes up to 300 persons per call (per page of persons).</summary>
    public int MarketoWriteCalls { get; set; }
}
