namespace CrmSync.SyncAgent.Engine;

/// <summary>The planner's input. Links, shadows and rejections need only cover the records and persons the changes
/// touch (see <see cref="SyncPlanner.KeysOf"/>); loading everything is correct too.</summary>
internal sealed class PlanInput
{
    /// <summary>Staged Dynamics changes, in staging order.</summary>
    public IReadOnlyList<CrmChange> CrmChanges { get; init; } = [];

    /// <summary>Marketo changes, in activity order.</summary>
    public IReadOnlyList<MarketoChange> MarketoChanges { get; init; } = [];

    /// <summary>Merges made in Marketo (Merge Leads activities), in activity order.</summary>
    public IReadOnlyList<PersonMerge> PersonMerges { get; init; } = [];

    /// <summary>The current links.</summary>
    public IEnumerable<Link> Links { get; init; } = [];

    /// <summary>The shadows of the linked persons.</summary>
    public IEnumerable<ShadowValue> Shadows { get; init; } = [];

    /// <summary>Open (unresolved) rejected field values.</summary>
    public IEnumerable<RejectedWrite> Rejections { get; init; } = [];

    /// <summary>
    /// The Marketo persons that hold the e-mails the changes carry, with their links: an e-mail held by a person linked
    /// to another record is never written (<see cref="EmailConflict"/>). Empty means no such person is known.
    /// </summary>
    public IEnumerable<EmailOwner> EmailOwners { get; init; } = [];

    /// <summary>The field mapping.</summary>
    public FieldMapping Mapping { get; init; } = DefaultFieldMapping.Mapping;

    /// <summary>The Marketo Boolean field that marks a person whose record was deleted (<c>CrmSync:Sync:DeletedField</c>); null: not marked.</summary>
    public string? DeletedField { get; init; }
}
