using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Health;

/// <summary>Decides <c>/healthz</c> from the cycle history.</summary>
internal static class HealthEvaluator
{
    /// <summary>Extra time allowed beyond the interval for a long cycle.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Healthy when the newest ended cycle completed or stopped cleanly (e.g. Marketo quota) and the newest cycle
    /// (running or ended) started no longer ago than twice the interval plus <see cref="Grace"/>. No cycle yet,
    /// a failed last cycle or a silent agent is unhealthy.
    /// </summary>
    public static HealthReport Evaluate(IReadOnlyList<CycleRecord> newestFirst, TimeSpan interval, DateTimeOffset now)
    {
        if (newestFirst.Count == 0)
        {
            return new HealthReport(false, "unhealthy", "no cycle has run yet", null, null);
        }

        var newest = newestFirst[0];
        var age = now - newest.StartedOn;
        var limit = interval * 2 + Grace;
        var ended = newestFirst.FirstOrDefault(c => c.Outcome != CycleOutcome.Running);
        if (age > limit)
        {
            return new HealthReport(false, "unhealthy", $"the last cycle started {Format(age)} ago (more than {Format(limit)})", ended?.Outcome, age);
        }

        if (ended is null)
        {
            return new HealthReport(true, "healthy", "the first cycle is running", null, age);
        }

        return ended.Outcome == CycleOutcome.Failed
            ? new HealthReport(false, "unhealthy", $"the last cycle failed: {ended.Message}", ended.Outcome, age)
            : new HealthReport(true, "healthy", $"the last cycle {ended.Outcome.ToString().ToLowerInvariant()} {Format(now - (ended.EndedOn ?? ended.StartedOn))} ago", ended.Outcome, age);
    }

    private static string Format(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min" : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes} min {span.Seconds} s" : $"{Math.Max(0, (int)span.TotalSeconds)} s";
}
