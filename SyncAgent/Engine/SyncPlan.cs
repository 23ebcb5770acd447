namespace CrmSync.SyncAgent.Engine;

/// <summary>
/// What one cycle must do. Apply writes first; store each write's shadows only once it landed; then commit
/// <see cref="LinkChanges"/>, <see cref="ShadowUpdates"/>, <see cref="ResolvedRejections"/> and the cursors together.
/// </summary>
internal sealed class SyncPlan
{
    /// <summary>Updates of linked Dynamics records, one per record.</summary>
    public List<DynamicsUpdate> DynamicsUpdates { get; } = [];

    /// <summary>Updates of linked Marketo persons by id, one per person.</summary>
    public List<MarketoUpdate> MarketoUpdates { get; } = [];

    /// <summary>Create-or-update by e-mail for unlinked Dynamics records.</summary>
    public List<MarketoCreate> MarketoCreates { get; } = [];

    /// <summary>Relinks (lead conversion) and unlinks (deletes).</summary>
    public List<LinkChange> LinkChanges { get; } = [];

    /// <summary>Records unlinked because their person was merged in Marketo into a person linked to another record.</summary>
    public List<MergedAway> MergedAway { get; } = [];

    /// <summary>Links a surviving Marketo person takes over from the person merged into it (it had none): stored after the unlinks.</summary>
    public List<Link> AdoptedLinks { get; } = [];

    /// <summary>Persons to merge in Marketo because their records were merged in Dynamics.</summary>
    public List<MarketoMerge> MarketoMerges { get; } = [];

    /// <summary>Booleans the agent sets on persons by id (the deleted-in-Dynamics mark).</summary>
    public List<MarketoFlag> MarketoFlags { get; } = [];

    /// <summary>Collisions and their resolutions.</summary>
    public List<PlannedCollision> Collisions { get; } = [];

    /// <summary>Shadows that move without a write (both sides agreed).</summary>
    public List<ShadowValue> ShadowUpdates { get; } = [];

    /// <summary>Fields changed again since a rejection: their open rejections are resolved.</summary>
    public List<ResolvedRejection> ResolvedRejections { get; } = [];

    /// <summary>Unlinked records whose change lacks an e-mail: fetch the whole record and plan it again as an update.</summary>
    public List<RecordKey> UnlinkedWithoutEmail { get; } = [];

    /// <summary>Unlinked records whose e-mail another record of the same plan already claims: not linked, reported.</summary>
    public List<(RecordKey Record, FieldValue Email)> DuplicateEmails { get; } = [];

    /// <summary>E-mail writes refused because a person linked to another record holds the e-mail (reported, nothing written).</summary>
    public List<EmailConflict> EmailConflicts { get; } = [];

    /// <summary>Values that do not fit the target's type (unknown label, too long, not a number): rejections, not writes.</summary>
    public List<ValueRejection> ValueRejections { get; } = [];

    /// <summary>Counts.</summary>
    public PlanStatistics Statistics { get; } = new();

    /// <summary>Whether the plan writes nothing and changes no state (an idle cycle).</summary>
    public bool IsEmpty =>
        DynamicsUpdates.Count == 0 && MarketoUpdates.Count == 0 && MarketoCreates.Count == 0 && LinkChanges.Count == 0 && MarketoFlags.Count == 0 && MarketoMerges.Count == 0 && MergedAway.Count == 0 && AdoptedLinks.Count == 0
        && ShadowUpdates.Count == 0 && ResolvedRejections.Count == 0 && UnlinkedWithoutEmail.Count == 0 && DuplicateEmails.Count == 0
        && EmailConflicts.Count == 0 && ValueRejections.Count == 0;

    /// <summary>The number of writes (records/persons) the plan makes on either side.</summary>
    public int WriteCount => DynamicsUpdates.Count + MarketoUpdates.Count + MarketoCreates.Count + MarketoFlags.Count + MarketoMerges.Count;
}
