namespace CrmSync.SyncAgent.Engine;

/// <summary>The one pure function that decides a field (DESIGN §3 Engine).</summary>
internal static class FieldDecider
{
    /// <summary>
    /// Changed on one side → copy; on both to the same value → agree (shadow only); on both to different values →
    /// collision resolved by <see cref="CollisionResolver"/>. A value equal to the shadow is not a change (echo).
    /// </summary>
    public static FieldDecision Decide(in FieldState state, SyncEntity entity, CollisionWinner winner)
    {
        var crm = state.CrmIsChange;
        var marketo = state.MarketoIsChange;
        if (!crm && !marketo)
        {
            return state.CrmChanged || state.MarketoChanged ? FieldDecision.Echoed : FieldDecision.Nothing;
        }

        if (crm && !marketo)
        {
            return new FieldDecision(FieldAction.CopyToMarketo, state.Crm, CollisionType.None, CollisionResolution.None);
        }

        if (marketo && !crm)
        {
            return new FieldDecision(FieldAction.CopyToDynamics, state.Marketo, CollisionType.None, CollisionResolution.None);
        }

        if (state.Crm == state.Marketo)
        {
            return new FieldDecision(FieldAction.Agree, state.Crm, CollisionType.None, CollisionResolution.None);
        }

        var resolution = CollisionResolver.Resolve(
            CollisionType.BothChanged, entity, winner, state.CrmChangedOn, state.MarketoChangedOn);
        return CollisionResolver.Apply(CollisionType.BothChanged, resolution, state.Crm, state.Marketo);
    }
}
