using CrmSync.SyncAgent.Cycle.Ports;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;
using Microsoft.Extensions.Logging;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>
/// The first run (DESIGN B8): every Dynamics lead and contact is linked to a Marketo person, matched by email before
/// one is created (Sync Leads create-or-update by email), and its mapped values are copied to Marketo. Streams the
/// records page by page and commits each page, so memory stays flat and an interrupted backfill resumes: records
/// already linked are skipped. Where a matched person and its record hold different values, the collision rule decides
/// each one (<see cref="MatchedPersonCollisions"/>), and the run reports how many it chose.
/// </summary>
internal sealed partial class Backfill(
    CrmPort dataverse, PlanExecutor executor, EmailOwnerReader emailOwners, StateStore state, FieldMapping mapping, TimeProvider time,
    ILogger<Backfill> logger)
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
        if (result.Collisions > 0)
        {
            LogCollisionsChosen(logger, result.Collisions, result.DynamicsWon, result.MarketoWon);
        }

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

    /// <summary>
    /// Links one page the way a cycle links a new record: the page gathers the records not linked yet, their open
    /// rejections and the persons holding their e-mails, and carries out the engine's plan (no decision of its own).
    /// </summary>
    private async Task LinkPageAsync(FieldMapping maps, SyncEntity entity, List<DataverseRecord> page, BackfillResult result, CancellationToken cancellationToken)
    {
        var keys = page.Select(r => new RecordKey(entity, r.Id)).ToList();

        // Records already linked (an interrupted backfill resumed, or sync-person linked them) are not linked again.
        var alreadyLinked = (await state.GetLinksAsync(keys, cancellationToken).ConfigureAwait(false)).Select(l => l.Record).ToHashSet();
        var now = time.GetUtcNow();
        var changes = page
            .Where(r => !alreadyLinked.Contains(new RecordKey(entity, r.Id)))
            .Select(r => new CrmChange(new RecordKey(entity, r.Id), CrmMessage.Update, WholeRecord.Attributes(maps, entity, r), now))
            .ToList();
        var plan = SyncPlanner.Plan(new PlanInput
        {
            CrmChanges = changes,
            Rejections = await state.GetOpenRejectedWritesAsync(keys, cancellationToken).ConfigureAwait(false),
            EmailOwners = await emailOwners.ReadWithValuesAsync(maps, changes, cancellationToken).ConfigureAwait(false),
            Mapping = maps,
        });

        var commit = new CycleCommit();
        commit.Rejections.AddRange(CycleRejections.Of(plan, "Backfill", now));
        await executor.CreateInMarketoAsync(plan.MarketoCreates, commit, "Backfill", cancellationToken).ConfigureAwait(false);

        // Where Marketo won a collision, its value goes to the record, once the create-or-update matched that person.
        var linked = commit.NewLinks.ToHashSet();
        await executor.UpdateInDynamicsAsync([.. plan.DynamicsUpdates.Where(u => linked.Contains(u.Link))], commit, cancellationToken).ConfigureAwait(false);
        await using var transaction = await state.BeginAsync(cancellationToken).ConfigureAwait(false);
        // Sync-person (a webhook call or the drain of kept requests, issue 17) may have linked a record of this page since
        // the read above; its link stands (the same record: the id derived from the person). Read under the writer, so
        // nothing links in between; before, the cycle failed on the links' unique Marketo id.
        var linkedMeanwhile = (await state.GetLinksAsync(commit.NewLinks.Select(l => l.MarketoId).ToList(), cancellationToken).ConfigureAwait(false))
            .Select(l => l.MarketoId).ToHashSet();
        if (linkedMeanwhile.Count > 0)
        {
            commit.NewLinks.RemoveAll(l => linkedMeanwhile.Contains(l.MarketoId));
        }

        await transaction.AddLinksAsync(commit.NewLinks, cancellationToken).ConfigureAwait(false);
        await transaction.SetShadowsAsync(commit.Shadows, cancellationToken).ConfigureAwait(false);
        foreach (var rejection in commit.Rejections)
        {
            await transaction.AddRejectionAsync(rejection, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        result.Linked += commit.NewLinks.Count;
        result.MarketoWritten += commit.MarketoWritten;
        result.DynamicsWritten += commit.DynamicsWritten;
        result.Rejections += commit.Rejections.Count;
        foreach (var collision in plan.Collisions.Where(c => linked.Contains(c.Link)))
        {
            if (collision.Resolution == CollisionResolution.DynamicsWins)
            {
                result.DynamicsWon++;
            }
            else
            {
                result.MarketoWon++;
            }
        }
    }

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information,
        Message = "First run: the collision rule chose {Collisions} values where a record and the person matched by its e-mail differed ({DynamicsWon} from Dynamics, {MarketoWon} from Marketo)")]
    private static partial void LogCollisionsChosen(ILogger logger, int collisions, int dynamicsWon, int marketoWon);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Backfill finished: {Linked} records linked")]
    private static partial void LogBackfillDone(ILogger logger, int linked);
}
