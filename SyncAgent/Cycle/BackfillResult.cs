namespace CrmSync.SyncAgent.Cycle;

/// <summary>What the backfill of a first run wrote; counted into that run's cycle record.</summary>
internal sealed class BackfillResult
{
    /// <summary>Dynamics records linked to a Marketo person.</summary>
    public int Linked { get; set; }

    /// <summary>Marketo persons created or updated (matched by email) by Sync Leads.</summary>
    public int MarketoWritten { get; set; }

    /// <summary>Records rejected (no email, refused by Marketo, email already linked).</summary>
    public int Rejections { get; set; }
}
