using CrmSync.SyncAgent.Cycle.Ports;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>Counts the API calls one cycle makes, from the connectors' running counters.</summary>
internal sealed class CallMeter(CrmPort dataverse, MarketoPort marketo)
{
    private readonly long _dataverseStart = dataverse.Requests;
    private readonly long _dataverseThrottledStart = dataverse.Throttled;
    private readonly long _marketoStart = marketo.RestCalls;
    private readonly long _marketoThrottledStart = marketo.RateLimited;

    /// <summary>Dataverse requests so far in the cycle.</summary>
    public int DataverseCalls => (int)(dataverse.Requests - _dataverseStart);

    /// <summary>Marketo REST calls so far in the cycle.</summary>
    public int MarketoCalls => (int)(marketo.RestCalls - _marketoStart);

    /// <summary>Throttling answers met so far in the cycle.</summary>
    public int Throttled => (int)(dataverse.Throttled - _dataverseThrottledStart + marketo.RateLimited - _marketoThrottledStart);
}
