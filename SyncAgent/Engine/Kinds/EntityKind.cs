namespace CrmSync.SyncAgent.Engine;

/// <summary>
/// One kind of record CrmSync syncs (DESIGN B16): the Dynamics table(s) it comes from, the Marketo object it becomes
/// and which way it travels. Persons (lead and contact ↔ Marketo person) are two-way and keep their own planner
/// (<see cref="SyncPlanner"/>); one-way kinds are planned by <see cref="ObjectPlanner"/> and linked by the Dynamics id,
/// which is their external id in Marketo. Adding a kind is one entry in <see cref="EntityKinds"/> plus its connector code.
/// </summary>
/// <param name="Name">The kind's name in configuration, state and logs (<c>person</c>, <c>company</c>).</param>
/// <param name="DynamicsTables">The Dynamics tables (logical names) its records come from.</param>
/// <param name="Direction">Which way its records travel.</param>
internal sealed record EntityKind(string Name, IReadOnlyList<string> DynamicsTables, KindDirection Direction)
{
    /// <summary>The (first) Dynamics table of the kind.</summary>
    public string DynamicsTable => DynamicsTables[0];

    /// <summary>The Web API entity set of <see cref="DynamicsTable"/> (e.g. <c>accounts</c>); null for persons (the connector knows theirs).</summary>
    public string? EntitySet { get; init; }

    /// <summary>
    /// The lookup columns naming the contact whose Marketo person gets a role on the record (opportunities:
    /// <c>customerid</c>, then <c>parentcontactid</c>; the first that names a contact wins); empty when the kind has none.
    /// They are read and staged with the mapped columns, never written to the Marketo object.
    /// </summary>
    public IReadOnlyList<string> RoleColumns { get; init; } = [];

    /// <summary>The Marketo object of the person roles (e.g. <c>opportunities/roles</c>); null when the kind has none.</summary>
    public string? RoleObject { get; init; }

    /// <summary>The role's name when <c>CrmSync:Sync:&lt;Section&gt;:Role</c> is not set (kinds with a <see cref="RoleObject"/>).</summary>
    public string? DefaultRoleName { get; init; }

    /// <summary>The Marketo REST object path under <c>/rest/v1/</c> (e.g. <c>companies</c>); null for persons.</summary>
    public string? MarketoObject { get; init; }

    /// <summary>The Marketo dedupe field that holds the Dynamics id (e.g. <c>externalCompanyId</c>); null for persons.</summary>
    public string? ExternalIdField { get; init; }

    /// <summary>The configuration section under <c>CrmSync:Sync</c> (e.g. <c>Accounts</c>); null for persons.</summary>
    public string? Section { get; init; }

    /// <summary>
    /// Whether Dynamics can merge the kind's records (the Merge message supports account, contact, lead and incident
    /// only): its table then has a Merge step too, and a merge deletes the merged-away record's Marketo object.
    /// </summary>
    public bool Merges { get; init; }

    /// <summary>The mapping used when <c>CrmSync:Sync:&lt;Section&gt;:Fields</c> is empty.</summary>
    public IReadOnlyList<ObjectField> DefaultFields { get; init; } = [];

    /// <summary>Whether <paramref name="table"/> is one of the kind's tables.</summary>
    public bool Covers(string? table) => DynamicsTables.Contains(table ?? "", StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
