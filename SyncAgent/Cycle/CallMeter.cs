using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Marketo;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>Counts the API calls one cycle makes, from the connectors' running counters.</summary>
internal sealed class CallMeter(DataverseClient dataverse, MarketoClient marketo)
{
    private readonly long _dataverseStart = dataverse.Counter.Requests;
    private readonly long _dataverseThrottledStart = dataverse.Counter.Throttled;
    private readonly long _marketoStart = marketo.Usage.RestCalls;
    private readonly long _marketoThrottledStart = marketo.Usage.RateLimited;

    /// <summary>Dataverse requests so far in the cycle.</summary>
    public int DataverseCalls => (int)(dataverse.Counter.Requests - _dataverseStart);

    /// <summary>Marketo REST calls so far in the cycle.</summary>
    public int MarketoCalls => (int)(marketo.Usage.RestCalls - _marketoStart);

    /// <summary>Throttling answers met so far in the cycle.</summary>
    public int Throttled => (int)(dataverse.Counter.Throttled - _dataverseThrottledStart + marketo.Usage.RateLimited - _marketoThrottledStart);
}
