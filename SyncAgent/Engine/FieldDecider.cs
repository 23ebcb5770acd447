namespace CrmSync.SyncAgent.Engine;

/// <summary>The one pure function that decides a field (DESIGN §3 Engine).</summary>
internal static class FieldDecider
{
    /// <summary>
    /// Changed on one side → copy; on both to the same value → agree (shadow only); on both to different values →
    /// collision resolved by <see cref="CollisionResolver"/>. A value equal to the shadow is not a change (echo).
    /// </summary>
    /// <remarks>The field's direction masks the other side's report first, so a one-way field never collides and never
    /// flows back (DESIGN B15); then <see cref="FieldMap.KeepNonBlank"/> turns a blank that would overwrite a
    /// non-blank (or unknown) target into <see cref="FieldAction.KeepTarget"/>.</remarks>
    public static FieldDecision Decide(in FieldState state, SyncEntity entity, FieldMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var effective = Masked(state, map.EffectiveDirection);
        var decision = Decide(effective, entity, map.Winner);
        // The target's own report counts even when its direction ignores it: it is what the target holds.
        return map.KeepNonBlank ? KeepNonBlank(decision, state) : decision;
    }

    /// <summary>The state as a field of <paramref name="direction"/> sees it: the ignored side's report is dropped.</summary>
    public static FieldState Masked(in FieldState state, FieldDirection direction) => direction switch
    {
        FieldDirection.ToMarketo => state with { MarketoChanged = false, Marketo = FieldValue.Null },
        FieldDirection.ToDynamics => state with { CrmChanged = false, Crm = FieldValue.Null },
        _ => state,
    };

    /// <summary>Decides a field with the collision override only (both ways, blanks copied).</summary>
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

    private static FieldDecision KeepNonBlank(FieldDecision decision, in FieldState state)
    {
        if (!decision.Value.IsNull || decision.Action is not (FieldAction.CopyToMarketo or FieldAction.CopyToDynamics))
        {
            return decision;
        }

        // The target's value: what it reported this cycle, else the last agreed value; unknown counts as non-blank.
        var toMarketo = decision.Action == FieldAction.CopyToMarketo;
        var (reported, value) = toMarketo ? (state.MarketoChanged, state.Marketo) : (state.CrmChanged, state.Crm);
        var targetBlank = reported ? value.IsNull : state.HasShadow && state.Shadow.IsNull;
        return targetBlank ? decision : decision with { Action = FieldAction.KeepTarget };
    }
}
