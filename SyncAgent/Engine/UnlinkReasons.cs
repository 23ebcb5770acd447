namespace CrmSync.SyncAgent.Engine;

/// <summary>Reasons recorded when a person is unlinked, as shown in status and the link history.</summary>
internal static class UnlinkReasons
{
    /// <summary>The linked Dynamics record was deleted.</summary>
    public const string Deleted = "deleted in Dynamics";

    /// <summary>The linked Dynamics record's sync filter (<c>crmsync_synctomarketo</c>) was set to No.</summary>
    public const string SyncFilterOff = "sync filter set to No";
}
