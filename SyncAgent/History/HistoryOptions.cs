namespace CrmSync.SyncAgent.History;

/// <summary>Section <c>CrmSync:History</c> (DESIGN B19).</summary>
internal sealed class HistoryOptions
{
    /// <summary>False shows (and exports) the events without the values tried, for orgs that must not copy personal data.</summary>
    public bool Values { get; set; } = true;
}
