namespace CrmSync.SyncAgent.Dataverse.Pacing;

/// <summary>How a Dataverse request ended, for <see cref="AdaptiveRequestGate.Exit"/>.</summary>
internal enum RequestEnd
{
    /// <summary>Answered, not 429 and not a server error (a 4xx for the request itself counts: the server took it).</summary>
    Succeeded,

    /// <summary>Answered 429 (a service protection limit).</summary>
    Throttled,

    /// <summary>A server error, a timeout or a dropped connection.</summary>
    Failed,
}
