using System.Globalization;
using System.Text.Json;
using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Cycle.Ports;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Dataverse.Http;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.History;
using CrmSync.SyncAgent.Marketo;
using CrmSync.SyncAgent.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Repair;

/// <summary>
/// <c>crmsync resync</c> (DESIGN B18): re-copies chosen fields of chosen linked persons from the side each field's rule
/// names. Pages of persons in Marketo id order: both sides are read, <see cref="ResyncPlanner"/> plans the page with the
/// cycle's decider, the cycle's <see cref="PlanExecutor"/> writes it, and the page's shadows, rejections and the
/// progress commit together. It holds the cycle's single-writer guard, so it never runs beside a cycle of the same
/// state; budgets are the connectors' own (pacing, the Marketo quota share), and a stop leaves the progress for the
/// next run of the same request.
/// </summary>
internal sealed partial class Resync(
    CrmPort dataverse,
    MarketoPort marketo,
    StateStore state,
    PlanExecutor executor,
    AccessibleMapping accessible,
    IOptions<MarketoOptions> marketoOptions,
    IOptions<HistoryOptions> history,
    TimeProvider time,
    ILogger<Resync> logger)
{
    /// <summary>The cursor that keeps an unfinished resync's progress.</summary>
    public const string Cursor = "resync:progress";

    /// <summary>How many values a dry run lists.</summary>
    public const int ListLimit = 200;

    private const int SyncLeadsBatch = 300;

    /// <summary>Persons per page: each page is read, written and committed on its own.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>Runs <paramref name="request"/>; a dry run reads and plans but writes nothing (not even progress).</summary>
    public async Task<ResyncReport> RunAsync(ResyncRequest request, IProgress<SyncProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.DryRun)
        {
            return await RunCoreAsync(request, null, progress, cancellationToken).ConfigureAwait(false);
        }

        await using var writer = await state.AcquireWriterAsync("resync", cancellationToken).ConfigureAwait(false);
        var started = time.GetUtcNow();
        var cycleId = await state.StartCycleAsync(started, cancellationToken).ConfigureAwait(false);
        var calls = new CallMeter(dataverse, marketo);
        ResyncReport? report = null;
        try
        {
            report = await RunCoreAsync(request, cycleId, progress, cancellationToken).ConfigureAwait(false);
            return report;
        }
        finally
        {
            // Recorded as a cycle row, so its API calls count against the budgets `status` and the quota share see.
            var outcome = report is null ? CycleOutcome.Failed : report.StoppedReason is null ? CycleOutcome.Completed : CycleOutcome.Stopped;
            var record = new CycleRecord
            {
                Id = cycleId,
                StartedOn = started,
                EndedOn = time.GetUtcNow(),
                Outcome = outcome,
                Message = report is null
                    ? "Resync failed; run the same command again to resume."
                    : string.Create(CultureInfo.InvariantCulture, $"Resync: {report.Values} value(s) of {report.ChangedPersons} person(s) written.{(report.StoppedReason is null ? "" : " " + report.StoppedReason)}"),
                CrmWritten = report?.DynamicsWrites ?? 0,
                MarketoWritten = report?.MarketoWrites ?? 0,
                Rejections = report?.Rejections ?? 0,
                Errors = report is null ? 1 : 0,
                DataverseCalls = calls.DataverseCalls,
                MarketoCalls = calls.MarketoCalls,
                Throttled = calls.Throttled,
            };
            await using var transaction = await state.BeginAsync(CancellationToken.None).ConfigureAwait(false);
            await transaction.CompleteCycleAsync(record, CancellationToken.None).ConfigureAwait(false);
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<ResyncReport> RunCoreAsync(ResyncRequest request, long? cycleId, IProgress<SyncProgress>? progress, CancellationToken cancellationToken)
    {
        var report = new ResyncReport { MarketoRemaining = await MarketoRemainingAsync(cancellationToken).ConfigureAwait(false) };
        var calls = new CallMeter(dataverse, marketo);
        var fields = await accessible.GetAsync(cancellationToken).ConfigureAwait(false);
        var chosenFields = new HashSet<string>(request.Fields, StringComparer.OrdinalIgnoreCase);
        var fingerprint = request.Fingerprint();
        var after = long.MinValue;
        if (!request.DryRun && await state.GetCursorAsync(Cursor, cancellationToken).ConfigureAwait(false) is { } stored
            && JsonSerializer.Deserialize(stored, ResyncJsonContext.Default.ResyncProgress) is { } kept && kept.Request == fingerprint)
        {
            after = kept.After;
            report.Resumed = kept.Persons;
            report.Persons = kept.Persons;
            report.ChangedPersons = kept.Changed;
            report.Values = kept.Values;
            LogResumed(logger, kept.After, kept.Persons);
        }

        var links = (await ChooseAsync(request, cancellationToken).ConfigureAwait(false)).Where(l => l.MarketoId > after).ToList();
        try
        {
            foreach (var page in links.Chunk(PageSize))
            {
                await RunPageAsync(request, fields, chosenFields, page, report, cycleId, fingerprint, cancellationToken).ConfigureAwait(false);
                progress?.Report(new SyncProgress("Resync", report.Persons, report.ChangedPersons));
            }
        }
        catch (MarketoQuotaExceededException ex)
        {
            report.StoppedReason = $"Stopped: Marketo daily API quota reached ({ex.Code}); run the same command after the quota resets to resume.";
        }
        catch (DataverseException ex) when (ex.IsThrottling)
        {
            report.StoppedReason = $"Stopped: Dataverse service protection (429 {ex.ErrorCode}); run the same command again to resume.";
        }

        if (!request.DryRun && report.StoppedReason is null)
        {
            await using var done = await state.BeginAsync(cancellationToken).ConfigureAwait(false);
            await done.SetCursorAsync(Cursor, null, cancellationToken).ConfigureAwait(false);
            await done.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        report.MarketoCalls = calls.MarketoCalls;
        report.DataverseCalls = calls.DataverseCalls;
        LogFinished(logger, report.Persons, report.Values, request.DryRun);
        return report;
    }

    private async Task RunPageAsync(
        ResyncRequest request, FieldMapping fields, HashSet<string> chosen, Link[] page, ResyncReport report, long? cycleId, string fingerprint,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (crm, crmModified) = await ReadDynamicsAsync(fields, page, cancellationToken).ConfigureAwait(false);
        var (persons, marketoUpdated) = await ReadMarketoAsync(fields, page, cancellationToken).ConfigureAwait(false);
        var chosenLinks = request.ChangedSince is { } since
            ? page.Where(l => (crmModified.TryGetValue(l.Record, out var m) && m >= since) || (marketoUpdated.TryGetValue(l.MarketoId, out var u) && u >= since)).ToList()
            : [.. page];
        var resync = ResyncPlanner.Plan(new ResyncInput
        {
            Links = chosenLinks,
            Crm = crm,
            Marketo = persons,
            Fields = chosen,
            From = request.From,
            AllowBlanking = request.AllowBlanking,
            Rejections = await state.GetOpenRejectedWritesAsync(chosenLinks.Select(l => l.Record), cancellationToken).ConfigureAwait(false),
            Mapping = fields,
            ReadOn = now,
        });
        var plan = resync.Plan;
        report.Persons += chosenLinks.Count;
        report.Missing += resync.Missing.Count;
        report.Held += resync.HeldByRejections;
        report.KeptNonBlank += resync.KeptNonBlank.Count;
        report.ChangedPersons += resync.Changes.Select(c => c.Link.MarketoId).Distinct().Count();
        if (request.DryRun)
        {
            report.Values += resync.Changes.Count;
            report.Changes.AddRange(resync.Changes.Take(ListLimit - report.Changes.Count));
            report.Kept.AddRange(resync.KeptNonBlank.Take(ListLimit - report.Kept.Count));
            report.MarketoWrites += plan.MarketoUpdates.Count;
            report.DynamicsWrites += plan.DynamicsUpdates.Count;
            report.MarketoWriteCalls += (plan.MarketoUpdates.Count + SyncLeadsBatch - 1) / SyncLeadsBatch;
            report.Rejections += plan.ValueRejections.Count;
            return;
        }

        var commit = await executor.ExecuteAsync(plan, cancellationToken).ConfigureAwait(false);
        commit.Rejections.AddRange(CycleRejections.Of(plan, "Resync", now));
        var refused = commit.Rejections.Where(r => r.MarketoId is not null).Select(r => r.MarketoId!.Value).ToHashSet();
        report.Values += resync.Changes.Count(c => !refused.Contains(c.Link.MarketoId));
        report.MarketoWrites += commit.MarketoWritten;
        report.DynamicsWrites += commit.DynamicsWritten;
        report.Rejections += commit.Rejections.Count;

        var kept = new ResyncProgress
        {
            Request = fingerprint, After = page[^1].MarketoId, Persons = report.Persons, Changed = report.ChangedPersons, Values = report.Values,
        };
        var before = resync.Changes.Select(c => new ShadowValue(c.Link.MarketoId, c.Field, c.Old));
        var events = new HistoryEvents(history.Value.Values, cycleId, "resync", now).Writes(plan, commit, before).Events;
        await using var transaction = await state.BeginAsync(cancellationToken).ConfigureAwait(false);
        await transaction.SetShadowsAsync(commit.Shadows, cancellationToken).ConfigureAwait(false);
        await transaction.AddHistoryAsync(events, cancellationToken).ConfigureAwait(false);
        // The next cycle sends the rejection activities, as for its own rejections.
        foreach (var rejection in commit.Rejections)
        {
            await RejectionNotice.AddAsync(transaction, rejection, cycleId, cancellationToken).ConfigureAwait(false);
        }

        await transaction.SetCursorAsync(Cursor, JsonSerializer.Serialize(kept, ResyncJsonContext.Default.ResyncProgress), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The linked persons <paramref name="request"/> names, in Marketo id order.</summary>
    private async Task<List<Link>> ChooseAsync(ResyncRequest request, CancellationToken cancellationToken)
    {
        var links = new Dictionary<long, Link>();
        if (request.All || request.ChangedSince is not null)
        {
            await foreach (var link in state.GetAllLinksAsync(cancellationToken).ConfigureAwait(false))
            {
                links[link.MarketoId] = link;
            }

            return [.. links.Values.OrderBy(l => l.MarketoId)];
        }

        var ids = new HashSet<long>(request.MarketoIds);
        if (request.Emails.Count > 0)
        {
            foreach (var lead in await marketo.GetLeadsByFilterAsync("email", request.Emails, ["id"], cancellationToken).ConfigureAwait(false))
            {
                ids.Add(lead.Id);
            }
        }

        foreach (var link in await state.GetLinksAsync(ids, cancellationToken).ConfigureAwait(false))
        {
            links[link.MarketoId] = link;
        }

        foreach (var id in request.DynamicsIds)
        {
            foreach (var entity in new[] { SyncEntity.Lead, SyncEntity.Contact })
            {
                if (await state.FindLinkAsync(new RecordKey(entity, id), cancellationToken).ConfigureAwait(false) is { } link)
                {
                    links[link.MarketoId] = link;
                }
            }
        }

        return [.. links.Values.OrderBy(l => l.MarketoId)];
    }

    private async Task<(Dictionary<RecordKey, IReadOnlyDictionary<string, FieldValue>>, Dictionary<RecordKey, DateTimeOffset>)> ReadDynamicsAsync(
        FieldMapping fields, Link[] page, CancellationToken cancellationToken)
    {
        var values = new Dictionary<RecordKey, IReadOnlyDictionary<string, FieldValue>>();
        var modified = new Dictionary<RecordKey, DateTimeOffset>();
        foreach (var group in page.GroupBy(l => l.Entity))
        {
            var columns = WholeRecord.Columns(fields, group.Key);
            columns.Add("modifiedon");
            await foreach (var found in dataverse.ReadByIdsAsync(group.Key.ToLogicalName(), group.Select(l => l.Record.Id), columns, cancellationToken).ConfigureAwait(false))
            {
                var key = new RecordKey(group.Key, found.Id);
                values[key] = WholeRecord.Attributes(fields, group.Key, found);
                if (DateTimeOffset.TryParse(found.GetString("modifiedon"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var on))
                {
                    modified[key] = on;
                }
            }
        }

        return (values, modified);
    }

    private async Task<(Dictionary<long, IReadOnlyDictionary<string, FieldValue>>, Dictionary<long, DateTimeOffset>)> ReadMarketoAsync(
        FieldMapping fields, Link[] page, CancellationToken cancellationToken)
    {
        var entities = page.ToDictionary(l => l.MarketoId, l => l.Entity);
        var names = fields.MarketoFields.Append("updatedAt").Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var ids = page.Select(l => l.MarketoId.ToString(CultureInfo.InvariantCulture));
        var values = new Dictionary<long, IReadOnlyDictionary<string, FieldValue>>();
        var updated = new Dictionary<long, DateTimeOffset>();
        foreach (var lead in await marketo.GetLeadsByFilterAsync("id", ids, names, cancellationToken).ConfigureAwait(false))
        {
            if (!entities.TryGetValue(lead.Id, out var entity))
            {
                continue;
            }

            var person = new Dictionary<string, FieldValue>(StringComparer.OrdinalIgnoreCase);
            foreach (var map in fields.For(entity))
            {
                person[map.Marketo] = lead.Fields.TryGetValue(map.Marketo, out var value) ? ValueConverter.FromMarketo(value, map.Kind) : FieldValue.Null;
            }

            values[lead.Id] = person;
            if (lead.Fields.TryGetValue("updatedAt", out var at) && at.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(at.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var on))
            {
                updated[lead.Id] = on;
            }
        }

        return (values, updated);
    }

    private async Task<long> MarketoRemainingAsync(CancellationToken cancellationToken)
    {
        var dayStart = MarketoQuotaDay.StartOf(time.GetUtcNow());
        var used = (await state.GetRecentCyclesAsync(2_000, cancellationToken).ConfigureAwait(false))
            .Where(c => c.StartedOn >= dayStart).Sum(c => (long)c.MarketoCalls);
        return Math.Max(0, marketoOptions.Value.DailyQuotaLimit - used);
    }

    [LoggerMessage(EventId = 5300, Level = LogLevel.Information, Message = "Resync resumes after Marketo person {After} ({Persons} persons done by an earlier run)")]
    private static partial void LogResumed(ILogger logger, long after, int persons);

    [LoggerMessage(EventId = 5301, Level = LogLevel.Information, Message = "Resync finished: {Persons} persons, {Values} values (dry run: {DryRun})")]
    private static partial void LogFinished(ILogger logger, int persons, int values, bool dryRun);
}
