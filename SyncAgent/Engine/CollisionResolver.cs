namespace CrmSync.SyncAgent.Engine;

/// <summary>The one place collisions are resolved (DESIGN B3) and their resolution applied.</summary>
internal static class CollisionResolver
{
    /// <summary>Picks the resolution of a collision.</summary>
    /// <remarks><see cref="CollisionWinner.Newest"/> compares change times; a tie falls back to the entity rule
    /// (lead → Marketo, contact → Dynamics) so the outcome never depends on input order.</remarks>
    public static CollisionResolution Resolve(
        CollisionType type, SyncEntity entity, CollisionWinner winner, DateTimeOffset crmChangedOn, DateTimeOffset marketoChangedOn)
    {
        switch (type)
        {
            case CollisionType.None:
                return CollisionResolution.None;
            case CollisionType.ChangedOnDeletedRecord:
                return CollisionResolution.Unlink;
        }

        return winner switch
        {
            CollisionWinner.Dynamics => CollisionResolution.DynamicsWins,
            CollisionWinner.Marketo => CollisionResolution.MarketoWins,
            CollisionWinner.Newest when crmChangedOn > marketoChangedOn => CollisionResolution.DynamicsWins,
            CollisionWinner.Newest when marketoChangedOn > crmChangedOn => CollisionResolution.MarketoWins,
            _ => entity == SyncEntity.Lead ? CollisionResolution.MarketoWins : CollisionResolution.DynamicsWins,
        };
    }

    /// <summary>Turns a field collision's resolution into the write that makes both sides converge.</summary>
    public static FieldDecision Apply(CollisionType type, CollisionResolution resolution, FieldValue crm, FieldValue marketo) =>
        resolution switch
        {
            CollisionResolution.DynamicsWins => new(FieldAction.CopyToMarketo, crm, type, resolution),
            CollisionResolution.MarketoWins => new(FieldAction.CopyToDynamics, marketo, type, resolution),
            _ => new(FieldAction.None, FieldValue.Null, type, resolution),
        };
}
