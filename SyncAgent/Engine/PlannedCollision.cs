namespace CrmSync.SyncAgent.Engine;

/// <summary>A collision and how it was resolved, for reporting (status, sync-result activities).</summary>
/// <param name="Link">The link concerned.</param>
/// <param name="Map">The field, or null for <see cref="CollisionType.ChangedOnDeletedRecord"/>.</param>
/// <param name="Type">The collision type.</param>
/// <param name="Resolution">The resolution applied.</param>
/// <param name="Dynamics">The Dynamics value.</param>
/// <param name="Marketo">The Marketo value.</param>
internal sealed record PlannedCollision(
    Link Link, FieldMap? Map, CollisionType Type, CollisionResolution Resolution, FieldValue Dynamics, FieldValue Marketo);
