namespace CrmSync.SyncAgent.Engine;

/// <summary>The message a staging row records.</summary>
internal enum CrmMessage
{
    /// <summary>The record was created (all mapped attributes staged).</summary>
    Create = 0,

    /// <summary>The record was updated (only changed mapped attributes staged, or the whole record after a No→Yes filter flip).</summary>
    Update,

    /// <summary>The record was deleted.</summary>
    Delete,

    /// <summary>Another record (<see cref="CrmChange.SubordinateId"/>) was merged into this one, the master (DESIGN B17).</summary>
    Merge,
}
