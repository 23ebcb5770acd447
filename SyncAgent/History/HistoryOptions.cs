using System.ComponentModel.DataAnnotations;
using CrmSync.SyncAgent.Validation;

namespace CrmSync.SyncAgent.History;

/// <summary>Section <c>CrmSync:History</c> (DESIGN B19).</summary>
internal sealed class HistoryOptions
{
    /// <summary>
    /// False stores (and shows, and exports) the events without the values written or tried, for orgs that must not copy
    /// personal data into another store.
    /// </summary>
    public bool Values { get; set; } = true;

    /// <summary>How long history events and link events are kept; each cycle prunes older ones.</summary>
    [TimeSpanRange("1.00:00:00", "3650.00:00:00", ErrorMessage = "CrmSync:History:Retention must be between 1.00:00:00 (one day) and 3650.00:00:00.")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);
}
