using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Dataverse.Http;
using CrmSync.SyncAgent.Marketo;
using CrmSync.SyncAgent.State;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Health;

/// <summary>Builds the <see cref="StatusSnapshot"/> from the state store and one Dataverse call.</summary>
internal sealed class StatusReporter(StateStore state, DataverseClient dataverse, IOptions<SyncOptions> sync, IOptions<MarketoOptions> marketo, TimeProvider time)
{
    /// <summary>Cycles shown and used for the sums (a day of 5-minute cycles is 288).</summary>
    public const int CycleWindow = 300;

    /// <summary>How many resolved rejections status shows.</summary>
    public const int ResolvedShown = 20;

    /// <summary>Dataverse service protection: requests per user per 5 minutes.</summary>
    public const int DataverseRequestLimit = 6000;

    // Marketo's quota day starts at 00:00 CST, a fixed UTC−6 (error-codes page, 607).
    private static readonly TimeSpan QuotaZoneOffset = TimeSpan.FromHours(-6);

    /// <summary>The current status; <paramref name="search"/> filters the rejections; the staging backlog is asked of Dynamics.</summary>
    public async Task<StatusSnapshot> GetAsync(string? search, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var cycles = await state.GetRecentCyclesAsync(CycleWindow, cancellationToken).ConfigureAwait(false);
        var rejections = await state.SearchRejectionsAsync(new RejectionQuery { Text = string.IsNullOrWhiteSpace(search) ? null : search.Trim(), Limit = 500 }, cancellationToken).ConfigureAwait(false);
        var resolved = (await state.SearchRejectionsAsync(new RejectionQuery { IncludeResolved = true, Limit = 500 }, cancellationToken).ConfigureAwait(false))
            .Where(r => r.Resolved).Take(ResolvedShown).ToList();
        Dataverse.Operations.StagingBacklog? backlog = null;
        string? backlogError = null;
        try
        {
            backlog = await dataverse.GetStagingBacklogAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DataverseException ex)
        {
            backlogError = ex.Message;
        }

        var kept = await state.GetKeptPersonRequestsSummaryAsync(cancellationToken).ConfigureAwait(false);
        var hourAgo = now.AddHours(-1);
        var lastHour = cycles.Where(c => c.StartedOn >= hourAgo).ToList();
        var quotaDayStart = new DateTimeOffset(now.ToOffset(QuotaZoneOffset).Date, QuotaZoneOffset);
        var fiveMinutesAgo = now.AddMinutes(-5);
        return new StatusSnapshot
        {
            GeneratedOn = now,
            Cycles = cycles,
            DynamicsBacklog = backlog,
            DynamicsBacklogError = backlogError,
            LastEndedCycle = cycles.FirstOrDefault(c => c.Outcome != CycleOutcome.Running),
            KeptPersonRequests = kept,
            LastHour = new Throughput(
                lastHour.Count, lastHour.Sum(c => c.CrmRead), lastHour.Sum(c => c.MarketoRead), lastHour.Sum(c => c.CrmWritten),
                lastHour.Sum(c => c.MarketoWritten), lastHour.Sum(c => c.Rejections), lastHour.Sum(c => c.Errors)),
            Budget = new ApiBudget(
                cycles.Where(c => c.StartedOn >= quotaDayStart).Sum(c => (long)c.MarketoCalls),
                marketo.Value.DailyQuota,
                cycles.Where(c => (c.EndedOn ?? now) >= fiveMinutesAgo).Sum(c => (long)c.DataverseCalls),
                DataverseRequestLimit,
                lastHour.Sum(c => c.Throttled)) { MarketoShareLimit = marketo.Value.DailyQuotaLimit },
            Rejections = rejections,
            ResolvedRejections = resolved,
            Health = HealthEvaluator.Evaluate(cycles, sync.Value.Interval, now),
        };
    }
}
