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
}
