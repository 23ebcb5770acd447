namespace CrmSync.Plugins.Changes;

/// <summary>What the sync filter column (<c>crmsync_synctomarketo</c>, DESIGN B11) says about an event.</summary>
internal enum SyncFilterState
{
    /// <summary>Empty or Yes: the record syncs.</summary>
    Syncs,

    /// <summary>No: the record does not sync; the event is not staged.</summary>
    Excluded,

    /// <summary>This update flips No to Yes (or empty): the whole mapped record is staged.</summary>
    TurnedOn,

    /// <summary>This update flips Yes (or empty) to No: only the flag is staged, so the agent unlinks the person.</summary>
    TurnedOff,
}
