namespace CrmSync.SyncAgent.Engine;

/// <summary>
/// A Dynamics record to create for a Marketo person (sync-person, DESIGN B4), planned by
/// <see cref="DynamicsCreatePlanner"/>.
/// </summary>
/// <param name="Link">The person and the record to create.</param>
/// <param name="Fields">The values to write: the person's non-blank values.</param>
/// <param name="Agreed">The shadows once the create landed: every value read, blanks included (both sides hold them).</param>
internal sealed record DynamicsCreate(Link Link, IReadOnlyList<PlannedField> Fields, IReadOnlyList<ShadowValue> Agreed)
{
    /// <summary>Values left out because they do not fit their column (DESIGN B14): rejections, recorded with the link.</summary>
    public IReadOnlyList<ValueRejection> Refused { get; init; } = [];

    /// <summary>
    /// The shadows to store once the record is linked: <see cref="Agreed"/> when this create made the record; none when
    /// the record already existed (an earlier attempt made it), because its values are unknown and the next cycle
    /// compares both sides.
    /// </summary>
    public IReadOnlyList<ShadowValue> ShadowsAfter(bool created) => created ? Agreed : [];
}
