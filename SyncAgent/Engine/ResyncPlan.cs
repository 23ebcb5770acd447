namespace CrmSync.SyncAgent.Engine;

/// <summary>What a resync of some persons does: the cycle's plan type (so the cycle's executor carries it out) and its values.</summary>
/// <param name="Plan">The writes, shadow moves and value rejections.</param>
/// <param name="Changes">Every value that changes, old and new.</param>
/// <param name="Missing">Linked persons whose record or person was not found on one side (nothing is written for them).</param>
internal sealed record ResyncPlan(SyncPlan Plan, IReadOnlyList<ResyncChange> Changes, IReadOnlyList<Link> Missing)
{
    /// <summary>Fields left alone because a value of theirs is an open rejection (retried with <c>rejections retry</c>).</summary>
    public int HeldByRejections { get; init; }

    /// <summary>
    /// Non-blank target values kept because their source side is blank (without <see cref="ResyncInput.AllowBlanking"/>):
    /// <see cref="ResyncChange.Old"/> is the value kept, <see cref="ResyncChange.New"/> the blank that was not copied.
    /// </summary>
    public IReadOnlyList<ResyncChange> KeptNonBlank { get; init; } = [];
}
