namespace CrmSync.SyncAgent.Engine;

/// <summary>Reasons recorded when a person is unlinked, as shown in status and the link history.</summary>
internal static class UnlinkReasons
{
    /// <summary>The linked Dynamics record was deleted.</summary>
    public const string Deleted = "deleted in Dynamics";

    /// <summary>The linked Dynamics record's sync filter (<c>crmsync_synctomarketo</c>) was set to No.</summary>
    public const string SyncFilterOff = "sync filter set to No";

    /// <summary>The linked record was merged into <paramref name="master"/> in Dynamics; the person was merged into the master's.</summary>
    public static string MergedInDynamics(RecordKey master) => $"merged into {master} in Dynamics";

    /// <summary>The person was merged into <paramref name="winner"/> in Marketo, which stays linked to its own record.</summary>
    public static string MergedInMarketo(long winner) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"merged into Marketo person {winner} in Marketo");
}
