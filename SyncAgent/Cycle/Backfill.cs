using CrmSync.Staging;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;
using Microsoft.Extensions.Logging;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>
/// The first run (DESIGN B8): every Dynamics lead and contact is linked to a Marketo person, matched by email before
/// one is created (Sync Leads create-or-update by email), and its mapped values are copied to Marketo. Streams the
/// records page by page and commits each page, so memory stays flat and an interrupted backfill resumes: records
/// already linked are skipped.
/// </summary>
internal sealed partial class Backfill(
    DataverseClient dataverse, PlanExecutor executor, StateStore state, FieldMapping mapping, TimeProvider time, ILogger<Backfill> logger)
{
    /// <summary>The cursor that says the backfill finished.</summary>
    public const string Cursor = "backfill";

    /// <summary>Its value once finished.</summary>
    public const string Done = "done";

    private const int PageSize = 300;

    /// <summary>Runs the backfill unless it already finished; returns what it wrote.</summary>
    public Task<BackfillResult> RunAsync(IProgress<SyncProgress>? progress, CancellationToken cancellationToken) => RunAsync(mapping, progress, cancellationToken);

    /// <summary>
    /// Runs the backfill with <paramref name="fields"/> (the maps the sync user may use) unless it already finished;
    /// returns what it wrote, which the first cycle's record counts (the backfill's Sync Leads calls are that cycle's
    /// Marketo writes).
    /// </summary>
    public async Task<BackfillResult> RunAsync(FieldMapping fields, IProgress<SyncProgress>? progress, CancellationToken cancellationToken)
    {
        var result = new BackfillResult();
        if (await state.GetCursorAsync(Cursor, cancellationToken).ConfigureAwait(false) == Done)
        {
            return result;
        }

        foreach (var entity in new[] { SyncEntity.Lead, SyncEntity.Contact })
        {
            await RunAsync(fields, entity, result, progress, cancellationToken).ConfigureAwait(false);
        }

        await using var transaction = await state.BeginAsync(cancellationToken).ConfigureAwait(false);
        await transaction.SetCursorAsync(Cursor, Done, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        LogBackfillDone(logger, result.Linked);
        return result;
    }

    private async Task RunAsync(FieldMapping fields, SyncEntity entity, BackfillResult result, IProgress<SyncProgress>? progress, CancellationToken cancellationToken)
    {
        var stage = "Backfill " + entity.ToLogicalName();
        var columns = WholeRecord.Columns(fields, entity);
        var page = new List<DataverseRecord>(PageSize);
        var done = 0;
        var linkedBefore = result.Linked;
        await foreach (var record in dataverse.ReadAllAsync(entity.ToLogicalName(), columns, null, cancellationToken).ConfigureAwait(false))
        {
            page.Add(record);
            if (page.Count == PageSize)
            {
                await LinkPageAsync(fields, entity, page, result, cancellationToken).ConfigureAwait(false);
                done += page.Count;
                page.Clear();
                progress?.Report(new SyncProgress(stage, done, result.Linked - linkedBefore));
            }
        }

        if (page.Count > 0)
        {
            await LinkPageAsync(fields, entity, page, result, cancellationToken).ConfigureAwait(false);
            done += page.Count;
        }

        progress?.Report(new SyncProgress(stage, done, result.Linked - linkedBefore));
    }

    private async Task LinkPageAsync(FieldMapping maps, SyncEntity entity, List<DataverseRecord> page, BackfillResult result, CancellationToken cancellationToken)
    {
        var keys = page.Select(r => new RecordKey(entity, r.Id)).ToList();
        var alreadyLinked = (await state.GetLinksAsync(keys, cancellationToken).ConfigureAwait(false)).Select(l => l.Record).ToHashSet();
        var email = maps.EmailFor(entity);
        var commit = new CycleCommit();
        var creates = new List<MarketoCreate>(page.Count);
        foreach (var record in page)
        {
            var key = new RecordKey(entity, record.Id);
            if (alreadyLinked.Contains(key))
            {
                continue;
            }

            var attributes = WholeRecord.Attributes(maps, entity, record);
            if (attributes[SyncFilter.AttributeName] == FieldValue.FromBoolean(false))
            {
                continue;
            }

            var fields = new List<PlannedField>();
            foreach (var map in maps.For(entity))
            {
                var value = attributes[map.Dynamics];
                if (!value.IsNull)
                {
                    fields.Add(new PlannedField(map, value));
                }
            }

            var emailValue = email is null ? FieldValue.Null : attributes[email.Dynamics];
            if (emailValue.IsNull)
            {
                commit.Rejections.Add(CycleRejections.NoEmail(key, "Backfill", time.GetUtcNow()));
                continue;
            }

            creates.Add(new MarketoCreate(key, emailValue, fields));
        }

        await executor.CreateInMarketoAsync(creates, commit, "Backfill", cancellationToken).ConfigureAwait(false);
        await using var transaction = await state.BeginAsync(cancellationToken).ConfigureAwait(false);
        await transaction.AddLinksAsync(commit.NewLinks, cancellationToken).ConfigureAwait(false);
        await transaction.SetShadowsAsync(commit.Shadows, cancellationToken).ConfigureAwait(false);
        foreach (var rejection in commit.Rejections)
        {
            await transaction.AddRejectionAsync(rejection, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        result.Linked += commit.NewLinks.Count;
        result.MarketoWritten += commit.MarketoWritten;
        result.Rejections += commit.Rejections.Count;
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Backfill finished: {Linked} records linked")]
    private static partial void LogBackfillDone(ILogger logger, int linked);
}
