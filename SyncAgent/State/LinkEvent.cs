namespace CrmSync.SyncAgent.State;

/// <summary>What happened to a link.</summary>
internal enum LinkEvent
{
    /// <summary>The person was linked to a record.</summary>
    Linked = 0,

    /// <summary>The person moved to another record (lead conversion).</summary>
    Relinked,

    /// <summary>The person was unlinked (its record was deleted) and marked.</summary>
    Unlinked,
}
