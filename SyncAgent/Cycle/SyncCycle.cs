using System.Globalization;
using System.Text.Json;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Dataverse.Http;
using CrmSync.SyncAgent.Dataverse.Staging;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Marketo;
using CrmSync.SyncAgent.State;
using Microsoft.Extensions.Logging;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>
/// One sync cycle (DESIGN §3): read the staged Dynamics changes and Marketo's lead changes, plan with the engine,
/// write both sides, then commit links, shadows, rejections and the Marketo cursor in one state transaction, and only
/// then delete the staging rows and send the rejection activities. A cycle that dies before its commit leaves the
/// old state, and the next cycle repeats its (idempotent) writes.
/// </summary>
internal sealed partial class SyncCycle(
    DataverseClient dataverse,
    MarketoClient marketo,
    StateStore state,
    Backfill backfill,
    PlanExecutor executor,
    RejectionNotifier notifier,
    AccessibleMapping accessible,
    TimeProvider time,
    ILogger<SyncCycle> logger)
{
    /// <summary>The state marker that lists the staging rows the last committed cycle applied.</summary>
    internal const string AppliedStagingMarker = "staging:applied";

    /// <summary>Runs one whole cycle. Failures are recorded on the cycle and rethrown; a Marketo daily quota stop is not a failure.</summary>
    public async Task<CycleReport> RunAsync(IProgress<SyncProgress>? progress, CancellationToken cancellationToken)
    {
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
            await CompleteAsync(cycleId, started, calls, CycleOutcome.Failed, ex.Message).ConfigureAwait(false);
            LogCycleFailed(logger, cycleId, ex);
            throw;
        }
    }

    private async Task<CycleReport> RunCoreAsync(long cycleId, DateTimeOffset started, CallMeter calls, IProgress<SyncProgress>? progress, CancellationToken cancellationToken)
    {
        // Work a crash left behind: notices not sent yet, staging rows applied but not deleted (one read of the markers).
        var markers = await state.GetMarkersAsync(cancellationToken).ConfigureAwait(false);
        await notifier.SendPendingAsync(markers, cancellationToken).ConfigureAwait(false);
        var alreadyApplied = await FinishStagingDeletesAsync(markers, cancellationToken).ConfigureAwait(false);
        var token = await state.GetCursorAsync(CursorNames.MarketoPagingToken, cancellationToken).ConfigureAwait(false);
        if (token is null)
        {
            // First run: Marketo changes count from now, so edits made during the backfill are not missed.
            token = await marketo.GetPagingTokenAsync(started, cancellationToken).ConfigureAwait(false);
            await using var first = await state.BeginAsync(cancellationToken).ConfigureAwait(false);
            await first.SetCursorAsync(CursorNames.MarketoPagingToken, token, cancellationToken).ConfigureAwait(false);
            await first.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        // Secured columns without read and update privilege are left out of everything this cycle reads and writes.
        var fields = await accessible.GetAsync(cancellationToken).ConfigureAwait(false);
        var reader = new ChangeReader(dataverse, marketo, state, fields);
        var backfilled = await backfill.RunAsync(fields, progress, cancellationToken).ConfigureAwait(false);

        // Both sides are read side by side: separate budgets, and neither read depends on the other.
        var staging = reader.ReadStagingAsync(alreadyApplied, cancellationToken);
        var marketoRead = reader.ReadMarketoAsync(token, cancellationToken);
        await Task.WhenAll(staging, marketoRead).ConfigureAwait(false);
        var staged = await staging.ConfigureAwait(false);
        var read = await marketoRead.ConfigureAwait(false);
        var marketoChanges = read.Changes;

        var input = await LoadAsync(fields, staged.Changes, marketoChanges, cancellationToken).ConfigureAwait(false);
        var plan = SyncPlanner.Plan(input);
        var gone = new HashSet<RecordKey>();
        if (plan.UnlinkedWithoutEmail.Count > 0)
        {
            // Changes to records not linked yet that did not carry the email: read those records whole and plan again.
            var whole = await ReadWholeAsync(fields, plan.UnlinkedWithoutEmail, cancellationToken).ConfigureAwait(false);
            gone.UnionWith(plan.UnlinkedWithoutEmail.Except(whole.Select(c => c.Record)));
            input = await ReloadAsync(input, [.. staged.Changes.Where(c => !gone.Contains(c.Record)), .. whole], cancellationToken).ConfigureAwait(false);
            plan = SyncPlanner.Plan(input);
        }

        var commit = await executor.ExecuteAsync(plan, cancellationToken).ConfigureAwait(false);
        foreach (var unlinked in plan.UnlinkedWithoutEmail)
        {
            commit.Rejections.Add(CycleRejections.NoEmail(unlinked, "Create", time.GetUtcNow()));
        }

        foreach (var refused in plan.ValueRejections)
        {
            commit.Rejections.Add(CycleRejections.InvalidValue(refused, time.GetUtcNow()));
        }

        foreach (var (duplicate, email) in plan.DuplicateEmails)
        {
            commit.Rejections.Add(CycleRejections.DuplicateEmail(duplicate, email, time.GetUtcNow()));
        }

        foreach (var missing in gone)
        {
            commit.Rejections.Add(CycleRejections.Gone(missing, staged.Changes.Count(c => c.Record == missing), time.GetUtcNow()));
        }

        foreach (var row in staged.Poison)
        {
            commit.Rejections.Add(CycleRejections.QuarantinedRow(row, time.GetUtcNow()));
        }

        plan.Statistics.MarketoChanges = read.Read;
        plan.Statistics.Echoes += read.EchoFields;
        plan.Statistics.MarketoEchoesDropped = read.EchoesDropped;
        var record = await CommitAsync(cycleId, started, calls, plan, commit, read, staged, backfilled, cancellationToken).ConfigureAwait(false);
        await AfterCommitAsync(cycleId, staged.StagingIds, cancellationToken).ConfigureAwait(false);
        LogCycleCompleted(logger, cycleId, record.CrmRead, record.MarketoRead, record.CrmWritten, record.MarketoWritten, record.Rejections);
        return new CycleReport(record, plan.Statistics, backfilled.Linked + commit.NewLinks.Count, commit.Unlinks.Count + plan.LinkChanges.Count(c => c.Unlinks));
    }

    /// <summary>The planner's input: the changes with the links, shadows and open rejections they touch.</summary>
    private async Task<PlanInput> LoadAsync(FieldMapping fields, IReadOnlyList<CrmChange> crmChanges, IReadOnlyList<MarketoChange> marketoChanges, CancellationToken cancellationToken)
    {
        var keys = SyncPlanner.KeysOf(crmChanges, marketoChanges);
        var links = new Dictionary<long, Link>();
        foreach (var link in await state.GetLinksAsync(keys.Records, cancellationToken).ConfigureAwait(false))
        {
            links[link.MarketoId] = link;
        }

        foreach (var link in await state.GetLinksAsync(keys.MarketoIds, cancellationToken).ConfigureAwait(false))
        {
            links[link.MarketoId] = link;
        }

        return new PlanInput
        {
            CrmChanges = crmChanges,
            MarketoChanges = marketoChanges,
            Links = links.Values,
            Shadows = await state.GetShadowsAsync(links.Keys, ChangedFields(fields, crmChanges, marketoChanges), cancellationToken).ConfigureAwait(false),
            Rejections = await state.GetOpenRejectedWritesAsync([.. keys.Records, .. links.Values.Select(l => l.Record)], cancellationToken).ConfigureAwait(false),
            Mapping = fields,
        };
    }

    /// <summary>
    /// <paramref name="first"/> with <paramref name="crmChanges"/>: the first changes less the records that are gone,
    /// plus the unlinked records read whole. Those records were among the first keys, had no link and carry no
    /// originating lead, so the first links and rejections still cover every key (one loaded only for a gone record's
    /// changes is never looked up). Shadows are loaded by field, and a whole record can name fields no first change
    /// did: those are loaded too.
    /// </summary>
    private async Task<PlanInput> ReloadAsync(PlanInput first, IReadOnlyList<CrmChange> crmChanges, CancellationToken cancellationToken)
    {
        var loaded = ChangedFields(first.Mapping, first.CrmChanges, first.MarketoChanges);
        var missing = ChangedFields(first.Mapping, crmChanges, first.MarketoChanges);
        missing.ExceptWith(loaded);
        var shadows = first.Shadows;
        if (missing.Count > 0)
        {
            var more = await state.GetShadowsAsync(first.Links.Select(l => l.MarketoId), missing, cancellationToken).ConfigureAwait(false);
            shadows = [.. first.Shadows, .. more];
        }

        return new PlanInput
        {
            CrmChanges = crmChanges,
            MarketoChanges = first.MarketoChanges,
            Links = first.Links,
            Shadows = shadows,
            Rejections = first.Rejections,
            Mapping = first.Mapping,
        };
    }

    /// <summary>The Marketo names of the mapped fields any change touches: the only shadows the engine compares.</summary>
    private static HashSet<string> ChangedFields(FieldMapping mapping, IReadOnlyList<CrmChange> crmChanges, IReadOnlyList<MarketoChange> marketoChanges)
    {
        var fields = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<(SyncEntity, string)>();
        foreach (var change in crmChanges)
        {
            foreach (var attribute in change.Attributes.Keys)
            {
                if (seen.Add((change.Record.Entity, attribute)) && mapping.TryGetByDynamics(change.Record.Entity, attribute, out var map))
                {
                    fields.Add(map.Marketo);
                }
            }
        }

        foreach (var change in marketoChanges)
        {
            fields.UnionWith(change.Fields.Keys);
        }

        return fields;
    }

    private async Task<List<CrmChange>> ReadWholeAsync(FieldMapping mapping, IReadOnlyList<RecordKey> records, CancellationToken cancellationToken)
    {
        var changes = new List<CrmChange>();
        foreach (var group in records.GroupBy(r => r.Entity))
        {
            var columns = WholeRecord.Columns(mapping, group.Key);
            await foreach (var found in dataverse.ReadByIdsAsync(group.Key.ToLogicalName(), group.Select(r => r.Id), columns, cancellationToken).ConfigureAwait(false))
            {
                var attributes = WholeRecord.Attributes(mapping, group.Key, found);
                changes.Add(new CrmChange(new RecordKey(group.Key, found.Id), CrmMessage.Update, attributes, time.GetUtcNow()));
            }
        }

        return changes;
    }

    private async Task<CycleRecord> CommitAsync(
        long cycleId, DateTimeOffset started, CallMeter calls, SyncPlan plan, CycleCommit commit, MarketoRead marketoRead, StagedChanges staged,
        BackfillResult backfilled, CancellationToken cancellationToken)
    {
        var unlinked = commit.Unlinks.Select(u => u.MarketoId)
            .Concat(plan.LinkChanges.Where(c => c.Unlinks).Select(c => c.MarketoId))
            .ToHashSet();
        var record = Record(cycleId, started, calls, CycleOutcome.Completed, null) with
        {
            CrmRead = staged.StagingIds.Count,
            MarketoRead = marketoRead.Read,
            CrmWritten = commit.DynamicsWritten,
            MarketoWritten = backfilled.MarketoWritten + commit.MarketoWritten,
            Collisions = plan.Collisions.Count,
            Rejections = backfilled.Rejections + commit.Rejections.Count,
        };

        await using var transaction = await state.BeginAsync(cancellationToken).ConfigureAwait(false);
        await transaction.AddLinksAsync(commit.NewLinks, cancellationToken).ConfigureAwait(false);
        await transaction.ApplyLinkChangesAsync(plan.LinkChanges, cancellationToken).ConfigureAwait(false);
        foreach (var (marketoId, reason) in commit.Unlinks)
        {
            await transaction.UnlinkAsync(marketoId, reason, cancellationToken).ConfigureAwait(false);
        }

        await transaction.SetShadowsAsync(commit.Shadows.Where(s => !unlinked.Contains(s.MarketoId)), cancellationToken).ConfigureAwait(false);
        await transaction.ResolveRejectionsAsync(plan.ResolvedRejections, cancellationToken).ConfigureAwait(false);
        foreach (var rejection in commit.Rejections)
        {
            var stored = rejection with { CycleId = cycleId };
            var id = await transaction.AddRejectionAsync(stored, cancellationToken).ConfigureAwait(false);
            if (stored.Record is not null || stored.MarketoId is not null)
            {
                var notice = RejectionNotice.For(id, stored);
                await transaction.SetMarkerAsync(notice.MarkerName, notice.ToJson(), cancellationToken).ConfigureAwait(false);
            }
        }

        if (staged.StagingIds.Count > 0)
        {
            // Which staging rows this commit applied: if the process dies before deleting them, the next cycle must not
            // read their (now older) values as new changes.
            await transaction.SetMarkerAsync(AppliedStagingMarker, JsonSerializer.Serialize(staged.StagingIds, NoticeJsonContext.Default.ListGuid), cancellationToken).ConfigureAwait(false);
        }

        await transaction.SetCursorAsync(CursorNames.MarketoPagingToken, marketoRead.NextToken, cancellationToken).ConfigureAwait(false);
        await transaction.CompleteCycleAsync(record, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return record;
    }

    /// <summary>
    /// Deletes the drained staging rows and sends the rejection notices. The cycle is committed by now, so a failure
    /// here (throttled, quota, network) must not mark it failed: rows left behind are read again as echoes, and
    /// notices wait in their markers for the next cycle.
    /// </summary>
    private async Task AfterCommitAsync(long cycleId, IReadOnlyCollection<Guid> stagingIds, CancellationToken cancellationToken)
    {
        try
        {
            await DeleteStagingAsync(stagingIds, cancellationToken).ConfigureAwait(false);
            await notifier.SendPendingAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DataverseException or MarketoApiException or HttpRequestException)
        {
            LogAfterCommitFailed(logger, cycleId, ex);
        }
    }

    private async Task DeleteStagingAsync(IReadOnlyCollection<Guid> stagingIds, CancellationToken cancellationToken)
    {
        if (stagingIds.Count == 0)
        {
            return;
        }

        // A row left behind stays listed in the applied-staging marker, so the next cycle skips it and deletes it again.
        var results = await dataverse.DeleteStagingRowsAsync(stagingIds, cancellationToken).ConfigureAwait(false);
        var left = results.Count(r => !r.Landed);
        if (left > 0)
        {
            LogStagingRowsLeft(logger, left);
            return;
        }

        await using var transaction = await state.BeginAsync(cancellationToken).ConfigureAwait(false);
        await transaction.ClearMarkerAsync(AppliedStagingMarker, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes staging rows an earlier committed cycle applied but did not delete; returns their ids to skip.</summary>
    private async Task<IReadOnlySet<Guid>> FinishStagingDeletesAsync(IReadOnlyDictionary<string, string> markers, CancellationToken cancellationToken)
    {
        if (!markers.TryGetValue(AppliedStagingMarker, out var json)
            || JsonSerializer.Deserialize(json, NoticeJsonContext.Default.ListGuid) is not { Count: > 0 } applied)
        {
            return new HashSet<Guid>();
        }

        await DeleteStagingAsync(applied, cancellationToken).ConfigureAwait(false);
        return applied.ToHashSet();
    }

    private async Task<CycleRecord> CompleteAsync(long cycleId, DateTimeOffset started, CallMeter calls, CycleOutcome outcome, string message)
    {
        var record = Record(cycleId, started, calls, outcome, message) with { Errors = outcome == CycleOutcome.Failed ? 1 : 0 };
        await using var transaction = await state.BeginAsync(CancellationToken.None).ConfigureAwait(false);
        await transaction.CompleteCycleAsync(record, CancellationToken.None).ConfigureAwait(false);
        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
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

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Cycle {CycleId} started")]
    private static partial void LogCycleStarted(ILogger logger, long cycleId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information,
        Message = "Cycle {CycleId} completed: read {CrmRead} Dynamics / {MarketoRead} Marketo changes, wrote {CrmWritten} Dynamics / {MarketoWritten} Marketo records, {Rejections} rejections")]
    private static partial void LogCycleCompleted(ILogger logger, long cycleId, int crmRead, int marketoRead, int crmWritten, int marketoWritten, int rejections);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Cycle {CycleId} stopped before its commit: Marketo daily API quota reached")]
    private static partial void LogQuotaStop(ILogger logger, long cycleId);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Cycle {CycleId} failed before its commit; the next cycle repeats it")]
    private static partial void LogCycleFailed(ILogger logger, long cycleId, Exception exception);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning,
        Message = "Cycle {CycleId} stopped before its commit: Dataverse throttled ({ErrorCode}) for longer than allowed")]
    private static partial void LogThrottleStop(ILogger logger, long cycleId, string? errorCode);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning,
        Message = "Cycle {CycleId} committed, but deleting its staging rows or sending its notices failed; the next cycle finishes them")]
    private static partial void LogAfterCommitFailed(ILogger logger, long cycleId, Exception exception);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "{Count} staging rows could not be deleted; they are read again next cycle as echoes")]
    private static partial void LogStagingRowsLeft(ILogger logger, int count);
}
