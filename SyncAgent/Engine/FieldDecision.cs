namespace CrmSync.SyncAgent.Engine;

/// <summary>The outcome of deciding one field.</summary>
/// <param name="Action">What to do.</param>
/// <param name="Value">The value to write (or agree on); <see cref="FieldValue.Null"/> for None/Echo.</param>
/// <param name="Collision">The collision, if any.</param>
/// <param name="Resolution">How the collision was resolved.</param>
internal readonly record struct FieldDecision(FieldAction Action, FieldValue Value, CollisionType Collision, CollisionResolution Resolution)
{
    /// <summary>Nothing to do.</summary>
    public static FieldDecision Nothing => default;

    /// <summary>Changes equal to the shadow: nothing to write.</summary>
    public static FieldDecision Echoed => new(FieldAction.Echo, FieldValue.Null, CollisionType.None, CollisionResolution.None);
}
