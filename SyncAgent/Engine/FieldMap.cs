namespace CrmSync.SyncAgent.Engine;

/// <summary>One synced field for one entity: a Marketo REST field ↔ a Dynamics attribute.</summary>
/// <param name="Entity">The Dynamics table this mapping applies to.</param>
/// <param name="Marketo">The Marketo REST field name (e.g. <c>email</c>); shadows are keyed by it.</param>
/// <param name="Dynamics">The Dynamics attribute logical name (e.g. <c>emailaddress1</c>).</param>
/// <param name="Kind">How values are canonicalised.</param>
/// <param name="Winner">The collision override, <see cref="CollisionWinner.Default"/> for none.</param>
internal sealed record FieldMap(SyncEntity Entity, string Marketo, string Dynamics, FieldKind Kind, CollisionWinner Winner)
{
    /// <summary>The position in <see cref="FieldMapping.For"/> of its entity (set by <see cref="FieldMapping"/>), for slot arrays.</summary>
    public int Index { get; init; }

    /// <summary>Which way the field flows; a lookup flows to Marketo only, whatever is configured.</summary>
    public FieldDirection Direction { get; init; }

    /// <summary>Whether a blank never overwrites a non-blank value on the other side.</summary>
    public bool KeepNonBlank { get; init; }

    /// <summary>Whether a value longer than the target column is cut instead of rejected.</summary>
    public bool Truncate { get; init; }

    /// <summary>What a lookup shows in Marketo.</summary>
    public LookupDisplay LookupValue { get; init; }

    /// <summary>Whether <see cref="Kind"/> was not configured and comes from the column's metadata.</summary>
    public bool KindFromMetadata { get; init; }

    /// <summary>The column's metadata, once read (null before, and in plans that do not need it).</summary>
    public ColumnType? Column { get; init; }

    /// <summary>The direction the engine applies: a lookup only ever flows to Marketo.</summary>
    public FieldDirection EffectiveDirection => Kind == FieldKind.Lookup ? FieldDirection.ToMarketo : Direction;

    /// <summary>Whether Dynamics values of this field flow to Marketo (the plug-in steps' attributes).</summary>
    public bool FlowsToMarketo => EffectiveDirection != FieldDirection.ToDynamics;

    /// <summary>Whether Marketo values of this field flow to Dynamics (the sync user must update the column).</summary>
    public bool FlowsToDynamics => EffectiveDirection != FieldDirection.ToMarketo;
}
