using System.Globalization;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Alerts;

/// <summary>Decides which alert conditions hold (DESIGN B20); no I/O.</summary>
internal static class AlertConditions
{
    /// <summary>How a cycle stopped by Dataverse service protection begins its message (SyncCycle).</summary>
    public const string ServiceProtectionStop = "Dataverse service protection limit";

    /// <summary>The share of the agent's Marketo quota that raises the quota alert.</summary>
    public const double QuotaWarningRatio = 0.9;

    /// <summary>Every condition that holds for <paramref name="input"/>.</summary>
    public static IReadOnlyList<AlertCondition> Evaluate(AlertInput input, AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        var holding = new List<AlertCondition>();
        var ended = input.Cycles.Where(c => c.Outcome != CycleOutcome.Running).ToList();
        var failed = ended.TakeWhile(c => c.Outcome == CycleOutcome.Failed).ToList();
        if (failed.Count >= options.FailedCycles)
        {
            holding.Add(new AlertCondition(AlertKind.FailedCycles, string.Create(CultureInfo.InvariantCulture,
                $"The last {failed.Count} cycles failed (the first at {failed[^1].StartedOn:u}). Latest error: {failed[0].Message}")));
        }

        var lastCompleted = ended.FirstOrDefault(c => c.Outcome == CycleOutcome.Completed)?.EndedOn;
        var since = lastCompleted ?? input.WatchingSince;
        if (input.Now - since >= options.StallAfter)
        {
            var what = lastCompleted is null ? "No cycle has completed since the agent started at" : "No cycle has completed since";
            holding.Add(new AlertCondition(AlertKind.Stalled, string.Create(CultureInfo.InvariantCulture,
                $"{what} {since:u} ({(int)(input.Now - since).TotalMinutes} minutes; CrmSync:Alerts:StallAfter is {options.StallAfter}). Last cycle: {Describe(ended.FirstOrDefault())}")));
        }

        if (input.MarketoCallsToday >= Math.Ceiling(input.MarketoQuotaLimit * QuotaWarningRatio))
        {
            holding.Add(new AlertCondition(AlertKind.MarketoQuota, string.Create(CultureInfo.InvariantCulture,
                $"The agent made {input.MarketoCallsToday:N0} Marketo calls this quota day, of its share of {input.MarketoQuotaLimit:N0} (CrmSync:Marketo:DailyQuota × DailyQuotaShare); cycles stop when the share is used and resume at 00:00 CST.")));
        }

        if (ended.FirstOrDefault() is { Outcome: CycleOutcome.Stopped } last
            && last.Message?.StartsWith(ServiceProtectionStop, StringComparison.Ordinal) == true)
        {
            holding.Add(new AlertCondition(AlertKind.ServiceProtection, string.Create(CultureInfo.InvariantCulture,
                $"Cycle {last.Id} at {last.StartedOn:u} was stopped by Dataverse service protection: {last.Message}")));
        }

        return holding;
    }

    private static string Describe(CycleRecord? cycle) => cycle is null
        ? "none"
        : string.Create(CultureInfo.InvariantCulture, $"{cycle.Id}, {cycle.Outcome} at {cycle.StartedOn:u}{(cycle.Message is null ? "" : ": " + cycle.Message)}");
}
