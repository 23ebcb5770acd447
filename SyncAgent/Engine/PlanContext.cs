namespace CrmSync.SyncAgent.Engine;

/// <summary>The state shared by the planner's steps for one plan.</summary>
internal sealed class PlanContext(SyncPlan plan, FieldMapping mapping, ShadowIndex shadows, RejectionIndex rejections, EmailOwnerIndex emailOwners)
{
    /// <summary>The plan being built.</summary>
    public SyncPlan Plan { get; } = plan;

    /// <summary>The field mapping.</summary>
    public FieldMapping Mapping { get; } = mapping;

    /// <summary>The shadows.</summary>
    public ShadowIndex Shadows { get; } = shadows;

    /// <summary>The open rejections.</summary>
    public RejectionIndex Rejections { get; } = rejections;

    /// <summary>The persons holding the changes' e-mails.</summary>
    public EmailOwnerIndex EmailOwners { get; } = emailOwners;

    /// <summary>The deleted-in-Dynamics field, cleared on every person a create-or-update links (null: not configured).</summary>
    public string? DeletedField { get; init; }

    /// <summary>Persons this plan unlinks (deleted or filtered-out records): their e-mails are free for other records.</summary>
    public HashSet<long> Unlinked { get; } = [];

    /// <summary>Scratch slots for one person's Marketo values, indexed by <see cref="FieldMap.Index"/>.</summary>
    public TimedValue[] MarketoSlots { get; } = new TimedValue[mapping.MaxFieldsPerEntity];

    /// <summary>Which <see cref="MarketoSlots"/> are filled; cleared after each person.</summary>
    public bool[] MarketoPresent { get; } = new bool[mapping.MaxFieldsPerEntity];

    /// <summary>E-mails already planned for create-or-update in this plan (compared case-insensitively).</summary>
    public HashSet<FieldValue> PlannedEmails { get; } = [];
}
