namespace CrmSync.SyncAgent.Cycle;

/// <summary>What the backfill of a first run wrote; counted into that run's cycle record.</summary>
internal sealed class BackfillResult
{
    /// <summary>Dynamics records linked to a Marketo person.</summary>
    public int Linked { get; set; }

    /// <summary>Marketo persons created or updated (matched by email) by Sync Leads.</summary>
    public int MarketoWritten { get; set; }

    /// <summary>Dynamics records updated with values Marketo won by the collision rule.</summary>
    public int DynamicsWritten { get; set; }

    /// <summary>Records rejected (no email, refused by Marketo, email already linked).</summary>
    public int Rejections { get; set; }

    /// <summary>
    /// Fields where a record and the person matched by its e-mail held different values, each decided by the collision
    /// rule (DESIGN B3) instead of overwritten (issue 18 item 6).
    /// </summary>
    public int Collisions => DynamicsWon + MarketoWon;

    /// <summary>Of <see cref="Collisions"/>, the values where Dynamics won (written to Marketo).</summary>
    public int DynamicsWon { get; set; }

    /// <summary>Of <see cref="Collisions"/>, the values where Marketo won (written to Dynamics).</summary>
    public int MarketoWon { get; set; }
}
