using System.Globalization;
using System.Text.Json;
using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Cycle.Ports;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Dataverse.Http;
using CrmSync.SyncAgent.Dataverse.Staging;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Marketo;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.Telemetry;
using CrmSync.SyncAgent.History;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>
/// One sync cycle (DESIGN §3), in steps: finish what a crash left behind (<see cref="CrashLeftovers"/>); take the
/// Marketo cursor; the fields the sync user may use; the first run's backfill; read both sides; the engine's plan
/// (<see cref="CyclePlanning"/>); write both sides (<see cref="PlanExecutor"/>); commit links, shadows, rejections and
/// the cursor in one state transaction; then delete the staging rows, send the rejection activities and carry out the
/// sync-person requests kept in the state (<see cref="KeptRequests"/>). Reading, planning, writing and committing go
/// chunk by chunk (<see cref="CycleChunks"/>, DESIGN B22): a cycle that dies before a chunk's commit leaves the state
/// of the chunk before, and the next cycle repeats that one chunk's (idempotent) writes.
/// </summary>
internal sealed partial class SyncCycle(
    CrmPort dataverse,
    MarketoPort marketo,
    StateStore state,
    Backfill backfill,
    PlanExecutor executor,
    AccessibleMapping accessible,
    CyclePlanning planning,
    CrashLeftovers leftovers,
    IOptions<HistoryOptions> history,
    OneWaySync oneWay,
    IOptions<SyncOptions> options,
    TimeProvider time,
    ILogger<SyncCycle> logger,
    KeptRequests? kept = null)
{
    /// <summary>The state marker that lists the staging rows the last committed cycle applied.</summary>
    internal const string AppliedStagingMarker = "staging:applied";

    /// <summary>Runs one whole cycle. Failures are recorded on the cycle and rethrown; a Marketo daily quota stop is not a failure.</summary>
    public async Task<CycleReport> RunAsync(IProgress<SyncProgress>? progress, CancellationToken cancellationToken)
    {
        // One writer per state (issue 18 item 5): a second cycle, sync-person or resync waits here, or is told who writes.
        await using var writer = await state.AcquireWriterAsync("cycle", cancellationToken).ConfigureAwait(false);
        using var activity = CrmSyncTelemetry.Source.StartActivity("crmsync.cycle");
        var started = time.GetUtcNow();
        var calls = new CallMeter(dataverse, marketo);
        var cycleId = await state.StartCycleAsync(started, cancellationToken).ConfigureAwait(false);
        var stop = await StopAccount.CaptureAsync(state, cancellationToken).ConfigureAwait(false);
        LogCycleStarted(logger, cycleId);
        try
        {
            return await RunCoreAsync(cycleId, started, calls, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (MarketoQuotaExceededException ex)
        {
            var record = await CompleteAsync(cycleId, started, calls, CycleOutcome.Stopped,
                $"Marketo daily API quota reached ({ex.Code}); {await stop.DescribeAsync().ConfigureAwait(false)} It resumes when the quota resets.").ConfigureAwait(false);
            LogQuotaStop(logger, cycleId);
            return new CycleReport(record, null, 0, 0);
        }
        catch (DataverseException ex) when (ex.IsThrottling)
        {
            // Dataverse asked for a longer pause than Dataverse:MaxRetryAfter allows: waiting would stall the service,
            // so the cycle ends like a quota stop and the next one repeats its (idempotent) work.
            var record = await CompleteAsync(cycleId, started, calls, CycleOutcome.Stopped,
                $"Dataverse service protection limit (429 {ex.ErrorCode}) asked for a longer wait than allowed; {await stop.DescribeAsync().ConfigureAwait(false)} The next cycle repeats it.").ConfigureAwait(false);
            LogThrottleStop(logger, cycleId, ex.ErrorCode);
            return new CycleReport(record, null, 0, 0);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await CompleteAsync(cycleId, started, calls, CycleOutcome.Stopped, "Stopped: the agent is shutting down.").ConfigureAwait(false);
            throw;
        }
        catch (Exception ex)
        {
            LogCycleFailed(logger, cycleId, ex);
            try
            {
                await CompleteAsync(cycleId, started, calls, CycleOutcome.Failed, ex.Message).ConfigureAwait(false);
            }
            catch (Exception recording)
            {
                // The state store itself failed (e.g. PostgreSQL restarting): the cause stays the error; the cycle row
                // is left open and the next cycle starts afresh.
                LogCycleNotRecorded(logger, cycleId, recording);
            }

            throw;
        }
    }

    /// <summary>The cycle's steps, in order; each is one named method or class.</summary>
    private async Task<CycleReport> RunCoreAsync(long cycleId, DateTimeOffset started, CallMeter calls, IProgress<SyncProgress>? progress, CancellationToken cancellationToken)
    {
        var alreadyApplied = await leftovers.FinishAsync(cancellationToken).ConfigureAwait(false);
        var token = await MarketoCursorAsync(started, cancellationToken).ConfigureAwait(false);
        var fields = await accessible.GetAsync(cancellationToken).ConfigureAwait(false);
        // One-way kinds (accounts → companies) go first, so a company exists before the persons that name it.
        var objects = await oneWay.ResolveAsync(cancellationToken).ConfigureAwait(false);
        var objectsWritten = await oneWay.BackfillAsync(objects, cancellationToken).ConfigureAwait(false);
        var backfilled = await backfill.RunAsync(fields, progress, cancellationToken).ConfigureAwait(false);
        var totals = new CycleTotals(backfilled, objectsWritten);
        var chunks = new CycleChunks(new ChangeReader(dataverse, marketo, state, fields, objects), state, token, alreadyApplied, options.Value.ChunkSize);
        CycleChunk chunk;
        CycleRecord record;
        do
        {
            chunk = await chunks.NextAsync(cancellationToken).ConfigureAwait(false);
            var objectsApplied = await oneWay.ApplyAsync(objects, chunk.Staged.ObjectChanges, cancellationToken).ConfigureAwait(false);
            // Read once, with the first chunk, from the cycle's token: a merge read again later is harmless (its loser is unlinked).
            var merges = chunk.Number == 1 ? await ReadPersonMergesAsync(token, cancellationToken).ConfigureAwait(false) : [];
            var planned = await planning.PlanAsync(fields, chunk.Staged.Changes, chunk.Read.Changes, cancellationToken, merges).ConfigureAwait(false);
            var commit = await ExecuteAsync(planned, chunk.Staged, cancellationToken).ConfigureAwait(false);
            // A merged account's company goes only now, after its contacts' persons were moved to the master's company.
            objectsApplied.Add(await oneWay.DeleteMergedAwayAsync(objectsApplied, cancellationToken).ConfigureAwait(false));
            var plan = planned.Plan;
            plan.Statistics.MarketoChanges = chunk.Read.Read;
            plan.Statistics.Echoes += chunk.Read.EchoFields;
            plan.Statistics.MarketoEchoesDropped = chunk.Read.EchoesDropped;
            totals.Add(chunk, plan, commit, objectsApplied);
            record = await CommitAsync(cycleId, started, calls, chunk, plan, commit, chunks.Undeleted, planned.Retries, totals, backfilled, cancellationToken).ConfigureAwait(false);
            var left = await AfterCommitAsync(cycleId, [.. chunk.Staged.StagingIds, .. chunks.Undeleted], cancellationToken).ConfigureAwait(false);
            chunks.Committed(chunk, left);
            if (!(chunk.Number == 1 && chunk.Last))
            {
                LogChunkCommitted(logger, cycleId, chunk.Number, chunk.Staged.StagingIds.Count, chunk.Read.Read, commit.DynamicsWritten, commit.MarketoWritten);
            }
        }
        while (!chunk.Last);

        await WriteWaitingRolesAsync(cycleId, objects, cancellationToken).ConfigureAwait(false);
        var carriedOut = kept is null ? 0 : await kept.CarryOutAsync(cancellationToken).ConfigureAwait(false);
        LogCycleCompleted(logger, cycleId, record.CrmRead, record.MarketoRead, record.CrmWritten, record.MarketoWritten, record.Rejections);
        return new CycleReport(record, totals.Statistics, totals.Linked, totals.Unlinked)
        {
            KeptRequestsCarriedOut = carriedOut,
        };
    }

    /// <summary>The stored Marketo paging token; on a first run one from now, stored at once, so edits made during the backfill are not missed.</summary>
    private async Task<string> MarketoCursorAsync(DateTimeOffset started, CancellationToken cancellationToken)
    {
        if (await state.GetCursorAsync(CursorNames.MarketoPagingToken, cancellationToken).ConfigureAwait(false) is { } token)
        {
            return token;
        }

        token = await marketo.GetPagingTokenAsync(started, cancellationToken).ConfigureAwait(false);
        await using var first = await state.BeginAsync(cancellationToken).ConfigureAwait(false);
        await first.SetCursorAsync(CursorNames.MarketoPagingToken, token, cancellationToken).ConfigureAwait(false);
        await first.CommitAsync(cancellationToken).ConfigureAwait(false);
        return token;
    }

    /// <summary>
    /// Merges made in Marketo since the cycle's cursor (Merge Leads activities, which the lead-changes feed does not carry).
    /// Read from the same token: one read again by the next cycle finds its loser already unlinked, so it is harmless.
    /// </summary>
    private async Task<IReadOnlyList<PersonMerge>> ReadPersonMergesAsync(string token, CancellationToken cancellationToken) =>
        [.. (await marketo.ReadLeadMergesAsync(token, cancellationToken).ConfigureAwait(false)).Select(m => new PersonMerge(m.Winner, m.Losers))];

    /// <summary>Carries out the plan and adds the rejections of what could not be planned.</summary>
    private async Task<CycleCommit> ExecuteAsync(CyclePlan planned, StagedChanges staged, CancellationToken cancellationToken)
    {
        var commit = await executor.ExecuteAsync(planned.Plan, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        commit.Rejections.AddRange(CycleRejections.Of(planned.Plan, "Create", now));
        foreach (var missing in planned.Gone)
        {
            commit.Rejections.Add(CycleRejections.Gone(missing, staged.Changes.Count(c => c.Record == missing), now));
        }

        foreach (var row in staged.Poison)
        {
            commit.Rejections.Add(CycleRejections.QuarantinedRow(row, now));
        }

        return commit;
    }

    /// <summary>
    /// Commits one chunk in one state transaction: links, shadows, rejections, its staging rows as applied and the
    /// Marketo token it reached; the last chunk also completes the cycle with the totals of all its chunks.
    /// </summary>
    private async Task<CycleRecord> CommitAsync(
        long cycleId, DateTimeOffset started, CallMeter calls, CycleChunk chunk, SyncPlan plan, CycleCommit commit, IReadOnlyCollection<Guid> undeleted,
        RejectionRetries retries, CycleTotals totals, BackfillResult backfilled, CancellationToken cancellationToken)
    {
        var unlinked = commit.Unlinks.Select(u => u.MarketoId)
            .Concat(plan.LinkChanges.Where(c => c.Unlinks).Select(c => c.MarketoId))
            .ToHashSet();
        var record = totals.ApplyTo(Record(cycleId, started, calls, CycleOutcome.Completed, FirstRunCollisions(backfilled)));
        var events = new HistoryEvents(history.Value.Values, cycleId, "cycle", record.EndedOn ?? started)
            .Collisions(plan)
            .Writes(plan, commit, await WrittenShadowsAsync(plan, cancellationToken).ConfigureAwait(false))
            .Retries(retries)
            .Events;
        await using var transaction = await state.BeginAsync(cancellationToken).ConfigureAwait(false);
        await transaction.AddLinksAsync(commit.NewLinks, cancellationToken).ConfigureAwait(false);
        await transaction.AddHistoryAsync(events, cancellationToken).ConfigureAwait(false);
        await transaction.PruneHistoryAsync(started - history.Value.Retention, cancellationToken).ConfigureAwait(false);
        await transaction.ApplyLinkChangesAsync(plan.LinkChanges, cancellationToken).ConfigureAwait(false);

        // After the unlinks: a survivor of a Marketo merge takes over the record its merged-away person held.
        await transaction.AddLinksAsync(plan.AdoptedLinks, cancellationToken).ConfigureAwait(false);
        foreach (var (marketoId, reason) in commit.Unlinks)
        {
            await transaction.UnlinkAsync(marketoId, reason, cancellationToken).ConfigureAwait(false);
        }

        await transaction.SetShadowsAsync(commit.Shadows.Where(s => !unlinked.Contains(s.MarketoId)), cancellationToken).ConfigureAwait(false);
        await transaction.ResolveRejectionsAsync(plan.ResolvedRejections, cancellationToken).ConfigureAwait(false);
        foreach (var retried in retries.Rejections)
        {
            // Retried now: closed; a value refused again is this cycle's new (open) rejection.
            await transaction.ResolveRejectionAsync(retried.Id, cancellationToken).ConfigureAwait(false);
            await transaction.ClearMarkerAsync(RejectionRetries.MarkerName(retried.Id), cancellationToken).ConfigureAwait(false);
        }

        foreach (var rejection in commit.Rejections)
        {
            await RejectionNotice.AddAsync(transaction, rejection, cycleId, cancellationToken).ConfigureAwait(false);
        }

        if (chunk.Staged.StagingIds.Count > 0)
        {
            // Which staging rows this commit applied (and earlier ones whose delete has not landed): if the process dies
            // before deleting them, the next cycle must not read their (now older) values as new changes.
            List<Guid> applied = [.. chunk.Staged.StagingIds, .. undeleted];
            await transaction.SetMarkerAsync(AppliedStagingMarker, JsonSerializer.Serialize(applied, NoticeJsonContext.Default.ListGuid), cancellationToken).ConfigureAwait(false);
        }

        await transaction.SetCursorAsync(CursorNames.MarketoPagingToken, chunk.Read.NextToken, cancellationToken).ConfigureAwait(false);
        if (chunk.Last)
        {
            await transaction.CompleteCycleAsync(record, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (chunk.Last)
        {
            RecordMetrics(record);
        }

        return record;
    }

    /// <summary>The last agreed values of the fields the plan writes (the "old" of each history write).</summary>
    private async Task<IReadOnlyList<ShadowValue>> WrittenShadowsAsync(SyncPlan plan, CancellationToken cancellationToken)
    {
        var updates = plan.DynamicsUpdates.Select(u => (u.Link, u.Fields)).Concat(plan.MarketoUpdates.Select(u => (u.Link, u.Fields))).ToList();
        if (updates.Count == 0)
        {
            return [];
        }

        var fields = updates.SelectMany(u => u.Fields.Select(f => f.Map.Marketo)).ToHashSet(StringComparer.Ordinal);
        return await state.GetShadowsAsync(updates.Select(u => u.Link.MarketoId).Distinct(), fields, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opportunity roles whose contact was not linked when the opportunity was written (DESIGN B16), written now that
    /// this cycle's persons are linked. A failure leaves them waiting for the next cycle; the cycle stays committed.
    /// </summary>
    private async Task WriteWaitingRolesAsync(long cycleId, ObjectMappings objects, CancellationToken cancellationToken)
    {
        try
        {
            var written = await oneWay.WriteWaitingRolesAsync(objects, cancellationToken).ConfigureAwait(false);
            if (written > 0)
            {
                LogWaitingRolesWritten(logger, cycleId, written);
            }
        }
        catch (Exception ex) when (ex is MarketoApiException or HttpRequestException)
        {
            LogWaitingRolesFailed(logger, cycleId, ex);
        }
    }

    /// <summary>
    /// Deletes the drained staging rows and sends the rejection notices; returns the rows whose delete did not land. The chunk is committed by now, so a failure
    /// here (throttled, quota, network) must not mark it failed: rows left behind are read again as echoes, and
    /// notices wait in their markers for the next cycle.
    /// </summary>
    private async Task<IReadOnlyCollection<Guid>> AfterCommitAsync(long cycleId, IReadOnlyCollection<Guid> stagingIds, CancellationToken cancellationToken)
    {
        IReadOnlyCollection<Guid> left = stagingIds;
        try
        {
            left = await leftovers.DeleteStagingAsync(stagingIds, cancellationToken).ConfigureAwait(false);
            await leftovers.SendNoticesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DataverseException or MarketoApiException or HttpRequestException)
        {
            LogAfterCommitFailed(logger, cycleId, ex);
        }

        return left;
    }

    /// <summary>The first run's note on the values the collision rule chose (issue 18 item 6), shown with the cycle; null when none.</summary>
    private static string? FirstRunCollisions(BackfillResult backfilled) => backfilled.Collisions == 0
        ? null
        : string.Create(
            CultureInfo.InvariantCulture,
            $"First run: the collision rule chose {backfilled.Collisions} values where a record and the Marketo person matched by its e-mail differed ({backfilled.DynamicsWon} from Dynamics, {backfilled.MarketoWon} from Marketo).");

    private async Task<CycleRecord> CompleteAsync(long cycleId, DateTimeOffset started, CallMeter calls, CycleOutcome outcome, string message)
    {
        var record = Record(cycleId, started, calls, outcome, message) with { Errors = outcome == CycleOutcome.Failed ? 1 : 0 };
        await using var transaction = await state.BeginAsync(CancellationToken.None).ConfigureAwait(false);
        await transaction.CompleteCycleAsync(record, CancellationToken.None).ConfigureAwait(false);
        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        RecordMetrics(record);
        return record;
    }

    private CycleRecord Record(long cycleId, DateTimeOffset started, CallMeter calls, CycleOutcome outcome, string? message) => new()
    {
        Id = cycleId,
        StartedOn = started,
        EndedOn = time.GetUtcNow(),
        Outcome = outcome,
        Message = message,
        DataverseCalls = calls.DataverseCalls,
        MarketoCalls = calls.MarketoCalls,
        Throttled = calls.Throttled,
    };

    private static void RecordMetrics(CycleRecord record) => CrmSyncTelemetry.CycleEnded(
        record.Id,
        record.Outcome.ToString().ToLowerInvariant(),
        record.Duration,
        new CycleCounts(record.CrmRead, record.MarketoRead, record.CrmWritten, record.MarketoWritten, record.Collisions, record.Rejections));

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Cycle {CycleId} started")]
    private static partial void LogCycleStarted(ILogger logger, long cycleId);

    [LoggerMessage(EventId = 5700, Level = LogLevel.Information,
        Message = "Cycle {CycleId} chunk {Chunk} committed: read {CrmRead} Dynamics / {MarketoRead} Marketo changes, wrote {CrmWritten} Dynamics / {MarketoWritten} Marketo records")]
    private static partial void LogChunkCommitted(ILogger logger, long cycleId, int chunk, int crmRead, int marketoRead, int crmWritten, int marketoWritten);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information,
        Message = "Cycle {CycleId} completed: read {CrmRead} Dynamics / {MarketoRead} Marketo changes, wrote {CrmWritten} Dynamics / {MarketoWritten} Marketo records, {Rejections} rejections")]
    private static partial void LogCycleCompleted(ILogger logger, long cycleId, int crmRead, int marketoRead, int crmWritten, int marketoWritten, int rejections);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Cycle {CycleId} stopped before its commit: Marketo daily API quota reached")]
    private static partial void LogQuotaStop(ILogger logger, long cycleId);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Cycle {CycleId} failed before its commit; the next cycle repeats it")]
    private static partial void LogCycleFailed(ILogger logger, long cycleId, Exception exception);

    [LoggerMessage(EventId = 5410, Level = LogLevel.Warning, Message = "Cycle {CycleId} failed and its end could not be recorded in the state")]
    private static partial void LogCycleNotRecorded(ILogger logger, long cycleId, Exception exception);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning,
        Message = "Cycle {CycleId} stopped before its commit: Dataverse throttled ({ErrorCode}) for longer than allowed")]
    private static partial void LogThrottleStop(ILogger logger, long cycleId, string? errorCode);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning,
        Message = "Cycle {CycleId} committed, but deleting its staging rows or sending its notices failed; the next cycle finishes them")]
    private static partial void LogAfterCommitFailed(ILogger logger, long cycleId, Exception exception);


    [LoggerMessage(EventId = 5501, Level = LogLevel.Information, Message = "Cycle {CycleId}: {Count} opportunity role(s) written after their contacts linked")]
    private static partial void LogWaitingRolesWritten(ILogger logger, long cycleId, int count);

    [LoggerMessage(EventId = 5502, Level = LogLevel.Warning, Message = "Cycle {CycleId}: writing the waiting opportunity roles failed; the next cycle tries again")]
    private static partial void LogWaitingRolesFailed(ILogger logger, long cycleId, Exception exception);
}
