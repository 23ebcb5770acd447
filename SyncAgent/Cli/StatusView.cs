using System.Globalization;
using CrmSync.SyncAgent.Health;
using CrmSync.SyncAgent.State;
using Spectre.Console;

namespace CrmSync.SyncAgent.Cli;

/// <summary>Spectre tables of a <see cref="StatusSnapshot"/>. Every value goes in as plain text, never as markup.</summary>
internal static class StatusView
{
    private const int CyclesShown = 10;

    public static void Render(IAnsiConsole console, StatusSnapshot status)
    {
        console.Write(new Text($"Health: {status.Health.Status} ({status.Health.Reason})" + Environment.NewLine));
        console.Write(Cycles(status.Cycles));
        console.Write(Backlog(status));
        console.Write(Budget(status));
        console.Write(Rejections(status.Rejections));
        if (status.ResolvedRejections.Count > 0)
        {
            console.Write(Rejections($"Resolved rejections (latest {status.ResolvedRejections.Count})", status.ResolvedRejections));
        }
    }

    private static Table Cycles(IReadOnlyList<CycleRecord> cycles)
    {
        var table = TextTable.Create("Recent cycles", "Started (UTC)", "Outcome", "Duration", "Dyn read", "Mkto read", "Dyn written", "Mkto written",
            "Collisions", "Rejected", "Errors", "Dataverse calls", "Marketo calls", "Throttled");
        foreach (var c in cycles.Take(CyclesShown))
        {
            TextTable.AddRow(table, StatusText.Time(c.StartedOn), c.Outcome.ToString(), c.Duration is { } d ? $"{d.TotalSeconds:0.0} s" : "running", N(c.CrmRead), N(c.MarketoRead),
                N(c.CrmWritten), N(c.MarketoWritten), N(c.Collisions), N(c.Rejections), N(c.Errors), N(c.DataverseCalls), N(c.MarketoCalls), N(c.Throttled));
        }

        if (cycles.Count == 0)
        {
            TextTable.AddRow(table, "no cycle has run yet", "", "", "", "", "", "", "", "", "", "", "", "");
        }

        return table;
    }

    private static Table Backlog(StatusSnapshot status)
    {
        var table = TextTable.Create("Backlog and last-hour throughput", "Side", "Pending", "Oldest pending change", "Read last hour", "Written last hour");
        var dynamicsPending = status.DynamicsBacklog is { } b ? (b.CountIsLowerBound ? $"{N(b.Count)}+" : N(b.Count)) : $"unknown: {status.DynamicsBacklogError}";
        var oldest = status.DynamicsBacklog?.OldestChangedOn is { } on ? $"{StatusText.Time(on)} ({Age(status.GeneratedOn - on)} ago)" : "-";
        TextTable.AddRow(table, "Dynamics (staging table)", dynamicsPending, oldest, N(status.LastHour.CrmRead), N(status.LastHour.CrmWritten));
        var marketo = status.LastEndedCycle is { } last ? $"{N(last.MarketoRead)} change(s) read by the last cycle" : "unknown until the first cycle";
        TextTable.AddRow(table, "Marketo (lead changes)", marketo, "-", N(status.LastHour.MarketoRead), N(status.LastHour.MarketoWritten));
        // Accepted sync-person requests kept in the state (their caller was told so); the next cycle carries them out.
        var kept = status.KeptPersonRequests;
        var keptOldest = kept.OldestAcceptedOn is { } accepted ? $"{StatusText.Time(accepted)} ({Age(status.GeneratedOn - accepted)} ago)" : "-";
        TextTable.AddRow(table, "Sync-person requests kept (accepted, not finished)", N(kept.Count), keptOldest, "-", "-");
        return table;
    }

    private static Table Budget(StatusSnapshot status)
    {
        var budget = status.Budget;
        var table = TextTable.Create("API budget", "API", "Used", "Limit", "Share");
        TextTable.AddRow(table, "Marketo calls today (quota day from 00:00 CST)", N(budget.MarketoCallsToday), N(budget.MarketoDailyQuota), Percent(budget.MarketoCallsToday, budget.MarketoDailyQuota));
        TextTable.AddRow(table, "Marketo calls today vs the agent's share (DailyQuotaShare)", N(budget.MarketoCallsToday), N(budget.MarketoShareLimit), Percent(budget.MarketoCallsToday, budget.MarketoShareLimit));
        TextTable.AddRow(table, "Dataverse requests, last 5 minutes", N(budget.DataverseCallsLast5Minutes), N(budget.DataverseLimit), Percent(budget.DataverseCallsLast5Minutes, budget.DataverseLimit));
        TextTable.AddRow(table, "Throttling answers, last hour (429/606/615)", N(budget.ThrottledLastHour), "-", "-");
        return table;
    }

    private static Table Rejections(IReadOnlyList<Rejection> rejections) => Rejections($"Open rejections ({rejections.Count})", rejections);

    private static Table Rejections(string title, IReadOnlyList<Rejection> rejections)
    {
        var table = TextTable.Create(title, [.. StatusText.RejectionHeaders]);
        foreach (var r in rejections)
        {
            TextTable.AddRow(table, StatusText.RejectionCells(r));
        }

        return table;
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(long used, long limit) => limit <= 0 ? "-" : ((double)used / limit).ToString("P1", CultureInfo.InvariantCulture);

    private static string Age(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min" : $"{(int)span.TotalMinutes} min {span.Seconds} s";
}
