namespace CrmSync.SyncAgent.Engine;

/// <summary>A Marketo object to create or update by its external id, with the fields to write.</summary>
/// <param name="Id">The Dynamics id (the external id).</param>
/// <param name="Fields">Marketo field → value to write (a choice already as its label).</param>
internal sealed record ObjectUpsert(Guid Id, IReadOnlyDictionary<string, FieldValue> Fields);

/// <summary>A record of a one-way kind that cannot be written, and why (reported like a rejection, DESIGN B7).</summary>
/// <param name="Id">The Dynamics id.</param>
/// <param name="Field">The Marketo field at fault, or null for the whole record.</param>
/// <param name="Problem">What is wrong, naming the value.</param>
internal sealed record ObjectProblem(Guid Id, string? Field, string Problem);

/// <summary>The contact whose Marketo person gets a role on a record of a kind with <see cref="EntityKind.RoleColumns"/>.</summary>
/// <param name="Id">The record's Dynamics id (e.g. the opportunity: its external id).</param>
/// <param name="ContactId">The contact named by the first role column that names a contact.</param>
internal sealed record ObjectRole(Guid Id, Guid ContactId);

/// <summary>What <see cref="ObjectPlanner"/> decided for one kind: upserts by external id, deletes by external id.</summary>
/// <param name="Kind">The kind planned.</param>
internal sealed record ObjectPlan(EntityKind Kind)
{
    /// <summary>Objects to create or update (Marketo <c>createOrUpdate</c> by the external id: never a duplicate).</summary>
    public List<ObjectUpsert> Upserts { get; } = [];

    /// <summary>External ids whose Marketo object is deleted (the Dynamics record was deleted).</summary>
    public List<Guid> Deletes { get; } = [];

    /// <summary>
    /// Records merged into another in Dynamics (DESIGN B17): their Marketo object is deleted by its external id, but only
    /// after the cycle has written the persons (a merged account's contacts now name the master's company), so no
    /// person is left pointing at a deleted company.
    /// </summary>
    public List<ObjectMergedAway> MergedAway { get; } = [];

    /// <summary>Person roles to write (the record's role columns changed, or it was created, and one names a contact).</summary>
    public List<ObjectRole> Roles { get; } = [];

    /// <summary>
    /// Records whose role columns changed on an update: the roles of any other contact on them go (in Marketo, and a role
    /// still waiting for its old contact's link), so only the new contact's role (<see cref="Roles"/>), or none, is left.
    /// </summary>
    public List<ObjectRoleReplaced> RolesReplaced { get; } = [];

    /// <summary>Values left out, and why.</summary>
    public List<ObjectProblem> Problems { get; } = [];

    /// <summary>Whether the plan writes nothing.</summary>
    public bool IsEmpty => Upserts.Count == 0 && Deletes.Count == 0 && MergedAway.Count == 0;
}

/// <summary>A record merged into <paramref name="Master"/> in Dynamics: its Marketo object goes once the persons have moved.</summary>
/// <param name="Subordinate">The merged-away record (its Dynamics id, the object's external id).</param>
/// <param name="Master">The record that survives, whose object the persons now name.</param>
internal sealed record ObjectMergedAway(Guid Subordinate, Guid Master);

/// <summary>A record whose customer contact changed (DESIGN B16): only <paramref name="ContactId"/>'s role may stay on it.</summary>
/// <param name="Id">The record's Dynamics id (its external id).</param>
/// <param name="ContactId">The contact the record names now; null when it names none (e.g. the customer is now an account).</param>
internal sealed record ObjectRoleReplaced(Guid Id, Guid? ContactId);
