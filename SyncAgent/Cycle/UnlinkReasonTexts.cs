namespace CrmSync.SyncAgent.Cycle;

/// <summary>Why a person lost its link, as shown in status and the link history.</summary>
internal static class UnlinkReasonTexts
{
    /// <summary>The Marketo person no longer exists (Sync Leads answered 1004).</summary>
    public const string DeletedInMarketo = "deleted in Marketo";

    /// <summary>The Dynamics record no longer exists (the update answered 404).</summary>
    public const string RecordGone = "Dynamics record not found";
}
