namespace CrmSync.SyncAgent.Engine;

/// <summary>Counts from planning one cycle.</summary>
internal sealed class PlanStatistics
{
    /// <summary>Marketo change activities read.</summary>
    public int MarketoChanges { get; set; }

    /// <summary>Marketo change activities of linked persons dropped while reading: every value equal to the shadow.</summary>
    public int MarketoEchoesDropped { get; set; }

    /// <summary>Field decisions made for linked persons.</summary>
    public int FieldsDecided { get; set; }

    /// <summary>Values ignored because they equal the shadow.</summary>
    public int Echoes { get; set; }

    /// <summary>Collisions resolved.</summary>
    public int Collisions { get; set; }

    /// <summary>Marketo changes on persons not linked to a Dynamics record (persons reach Dynamics only through sync-person).</summary>
    public int IgnoredUnlinkedMarketo { get; set; }

    /// <summary>Dynamics records skipped because their sync filter is No.</summary>
    public int IgnoredFiltered { get; set; }

    /// <summary>Writes skipped because that value was already rejected and the field has not changed since.</summary>
    public int SuppressedRejected { get; set; }

    /// <summary>Blanks not written over a non-blank value (<see cref="FieldMap.KeepNonBlank"/>).</summary>
    public int KeptNonBlank { get; set; }

    /// <summary>Changes ignored because their field flows the other way only (<see cref="FieldMap.Direction"/>).</summary>
    public int IgnoredOneWay { get; set; }

    /// <summary>Unlinked records skipped because another record in this cycle has the same e-mail.</summary>
    public int DuplicateEmails { get; set; }

    /// <summary>Adds <paramref name="other"/> (a later chunk of the same cycle) to these counts.</summary>
    public void Add(PlanStatistics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        MarketoChanges += other.MarketoChanges;
        MarketoEchoesDropped += other.MarketoEchoesDropped;
        FieldsDecided += other.FieldsDecided;
        Echoes += other.Echoes;
        Collisions += other.Collisions;
        IgnoredUnlinkedMarketo += other.IgnoredUnlinkedMarketo;
        IgnoredFiltered += other.IgnoredFiltered;
        SuppressedRejected += other.SuppressedRejected;
        KeptNonBlank += other.KeptNonBlank;
        IgnoredOneWay += other.IgnoredOneWay;
        DuplicateEmails += other.DuplicateEmails;
    }
}
