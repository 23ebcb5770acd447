using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CrmSync.SyncAgent.Telemetry;

/// <summary>
/// The agent's OpenTelemetry instruments (DESIGN B20): one <see cref="Meter"/> and one <see cref="ActivitySource"/>,
/// both named <see cref="Name"/>. Recording is free when nothing listens; <c>crmsync run</c> exports them (Prometheus
/// <c>/metrics</c>, OTLP when configured).
/// </summary>
internal static class CrmSyncTelemetry
{
    /// <summary>The meter's and the activity source's name.</summary>
    public const string Name = "CrmSync.Agent";

    public static readonly ActivitySource Source = new(Name, "1.0.0");

    private static readonly Meter Meter = new(Name, "1.0.0");

    private static readonly Counter<long> Cycles = Meter.CreateCounter<long>("crmsync.cycles", "{cycle}", "Cycles ended, by outcome.");

    private static readonly Histogram<double> CycleDuration = Meter.CreateHistogram<double>("crmsync.cycle.duration", "s", "How long cycles ran, by outcome.");

    private static readonly Counter<long> RecordsRead = Meter.CreateCounter<long>("crmsync.records.read", "{record}", "Changes read, by side.");

    private static readonly Counter<long> RecordsWritten = Meter.CreateCounter<long>("crmsync.records.written", "{record}", "Records written, by side.");

    private static readonly Counter<long> Collisions = Meter.CreateCounter<long>("crmsync.collisions", "{collision}", "Collisions resolved.");

    private static readonly Counter<long> Rejections = Meter.CreateCounter<long>("crmsync.rejections", "{rejection}", "Writes refused.");

    private static readonly Counter<long> ApiCalls = Meter.CreateCounter<long>("crmsync.api.calls", "{call}", "API calls, by service, endpoint and outcome.");

    private static readonly Counter<long> ThrottleWaits = Meter.CreateCounter<long>("crmsync.throttle.waits", "{wait}", "Throttling answers waited out or stopped at (429, 606, 615).");

    private static readonly Histogram<double> ApiCallDuration = Meter.CreateHistogram<double>("crmsync.api.call.duration", "s", "API call durations, by service.");

    private static Func<long>? _quotaUsed;

    private static StateGauges? _gauges;

    static CrmSyncTelemetry()
    {
        Meter.CreateObservableGauge("crmsync.backlog", () => Gauge<long>(g => g.Backlog is { } n ? [new Measurement<long>(n, new KeyValuePair<string, object?>("side", "dynamics"))] : []),
            "{change}", "Staged Dynamics changes not yet applied (at the last scrape; Marketo has no backlog count).");
        Meter.CreateObservableGauge("crmsync.backlog.oldest.age", () => Gauge<double>(g => g.OldestAge is { } age ? [new Measurement<double>(age.TotalSeconds, new KeyValuePair<string, object?>("side", "dynamics"))] : []),
            "s", "Age of the oldest staged Dynamics change not yet applied.");
        Meter.CreateObservableGauge("crmsync.linked.records", () => Gauge<long>(g => g.LinkedByEntity.Select(e => new Measurement<long>(e.Value, new KeyValuePair<string, object?>("entity", e.Key)))),
            "{record}", "Dynamics records linked to a Marketo person, by entity.");
        Meter.CreateObservableGauge("crmsync.marketo.quota.used", () => _quotaUsed?.Invoke() ?? 0, "{call}",
            "Marketo calls counted against the daily quota in the current quota day (this process).");
    }

    /// <summary>Where the quota gauge reads from (the agent's Marketo connector).</summary>
    public static void ObserveQuota(Func<long> quotaCallsToday) => _quotaUsed = quotaCallsToday;

    /// <summary>Sets what the state gauges report (backlog, oldest pending change, linked records per entity).</summary>
    public static void SetGauges(StateGauges gauges) => _gauges = gauges;

    private static IEnumerable<Measurement<T>> Gauge<T>(Func<StateGauges, IEnumerable<Measurement<T>>> read)
        where T : struct => _gauges is { } gauges ? read(gauges) : [];

    /// <summary>Records an ended cycle (its outcome in lower case, its counts per side).</summary>
    public static void CycleEnded(long cycleId, string outcomeName, TimeSpan? duration, CycleCounts counts)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", outcomeName);
        Cycles.Add(1, outcome);
        if (duration is { } elapsed)
        {
            CycleDuration.Record(elapsed.TotalSeconds, outcome);
        }

        Add(RecordsRead, counts.CrmRead, "dynamics");
        Add(RecordsRead, counts.MarketoRead, "marketo");
        Add(RecordsWritten, counts.CrmWritten, "dynamics");
        Add(RecordsWritten, counts.MarketoWritten, "marketo");
        Collisions.Add(counts.Collisions);
        Rejections.Add(counts.Rejections);

        Activity.Current?.SetTag("crmsync.cycle.id", cycleId).SetTag("crmsync.cycle.outcome", outcomeName);
    }

    /// <summary>Starts the span of one API call (null when nothing listens).</summary>
    public static Activity? StartCall(string service, string endpoint) =>
        Source.StartActivity($"{service} {endpoint}", ActivityKind.Client)?.SetTag("crmsync.service", service).SetTag("crmsync.endpoint", endpoint);

    /// <summary>Records one API call and ends its span.</summary>
    public static void CallEnded(Activity? activity, string service, string endpoint, string outcome, TimeSpan elapsed)
    {
        ApiCalls.Add(1, new("service", service), new("endpoint", endpoint), new("outcome", outcome));
        ApiCallDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("service", service));
        if (activity is not null)
        {
            activity.SetTag("crmsync.outcome", outcome);
            if (outcome != "ok")
            {
                activity.SetStatus(ActivityStatusCode.Error, outcome);
            }

            activity.Dispose();
        }
    }

    /// <summary>Records a throttling answer (Dataverse 429, Marketo 606/615).</summary>
    public static void Throttled(string service, string code) => ThrottleWaits.Add(1, new("service", service), new("code", code));

    private static void Add(Counter<long> counter, int value, string side) => counter.Add(value, new KeyValuePair<string, object?>("side", side));
}
