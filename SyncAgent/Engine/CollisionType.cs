namespace CrmSync.SyncAgent.Engine;

/// <summary>The kind of collision, computed from both sides' states.</summary>
internal enum CollisionType
{
    /// <summary>No collision.</summary>
    None = 0,

    /// <summary>The same field changed on both sides since the last cycle, to different values.</summary>
    BothChanged,

    /// <summary>The Marketo person changed while its Dynamics record was deleted.</summary>
    ChangedOnDeletedRecord,
}
