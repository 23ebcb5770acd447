namespace CrmSync.SyncAgent.Alerts;

/// <summary>The conditions that raise an alert (DESIGN B20).</summary>
internal enum AlertKind
{
    /// <summary><c>Alerts:FailedCycles</c> cycles in a row failed.</summary>
    FailedCycles,

    /// <summary>No cycle completed for <c>Alerts:StallAfter</c>.</summary>
    Stalled,

    /// <summary>The agent used 90 % of its share of the Marketo daily quota.</summary>
    MarketoQuota,

    /// <summary>The last cycle was stopped by Dataverse service protection.</summary>
    ServiceProtection,
}
