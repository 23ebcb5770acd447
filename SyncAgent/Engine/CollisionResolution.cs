namespace CrmSync.SyncAgent.Engine;

/// <summary>How a collision was resolved.</summary>
internal enum CollisionResolution
{
    /// <summary>No collision to resolve.</summary>
    None = 0,

    /// <summary>The Dynamics value is written to Marketo.</summary>
    DynamicsWins,

    /// <summary>The Marketo value is written to Dynamics.</summary>
    MarketoWins,

    /// <summary>The delete wins: the person is unlinked and marked, its Marketo change is not copied.</summary>
    Unlink,
}
