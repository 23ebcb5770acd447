using System.Diagnostics;
using System.Net;
using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Dataverse.Http;
using CrmSync.SyncAgent.Dataverse.Metadata;
using CrmSync.SyncAgent.Dataverse.Operations;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Marketo;
using CrmSync.SyncAgent.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.RealTime;

/// <summary>
/// "Sync person to Dynamics" (DESIGN B4): creates the Dynamics lead (or contact) of a Marketo person now and links
/// it. A person already linked gets no write: updates travel with the background sync (B5). Calls for one person
/// are serialised in this process, and the record id is derived from the Marketo id and created with a create-only
/// upsert, so even two agents racing create one record.
/// </summary>
/// <remarks>
/// <c>as contact</c> creates a contact directly (not a lead then qualified): qualification is a sales decision, and a
/// directly created contact gets the contact collision rule (Dynamics wins) from its first cycle.
/// </remarks>
internal sealed class PersonSyncService(
    MarketoClient marketo,
    DataverseClient dataverse,
    StateStore state,
    FieldMapping mapping,
    SyncUserAccess access,
    IOptions<SyncOptions> options,
    IOptions<WebhookOptions> webhook,
    TimeProvider time,
    ILogger<PersonSyncService> logger)
{
    private readonly KeyedAsyncLock<long> _locks = new();
    private readonly LeadLookupBatcher _lookups = new(
        (ids, fields, ct) => marketo.GetLeadsByIdsAsync(ids, fields, ct), webhook.Value.LookupGatherWindow, time);

    /// <summary>
    /// Whether a call of this process is carrying out person <paramref name="marketoId"/> now (holds or waits for its
    /// lock). The drain leaves such a request to its call: the call finishes it, or answers pending and wakes the drain.
    /// </summary>
    internal bool IsInProgress(long marketoId) => _locks.IsInUse(marketoId);

    /// <summary>Calls waiting for the next coalesced Get Leads (the one in flight not counted).</summary>
    internal int LookupsWaiting => _lookups.Waiting;

    /// <summary>Raised whenever a call answers <see cref="PersonSyncOutcome.Pending"/>: the drain wakes (issue 17).</summary>
    public KeptRequestSignal KeptSignal { get; } = new();

    /// <summary>
    /// Creates and links the record of person <paramref name="marketoId"/> as <paramref name="entity"/>. When the call
    /// stops (its deadline, Dynamics or Marketo failing) after the request was kept in the state, the answer is
    /// <see cref="PersonSyncOutcome.Pending"/>: the next cycle carries it out (issue 18 item 4). When nothing was kept,
    /// the failure is thrown, so no caller is told something will happen that will not.
    /// </summary>
    public Task<PersonSyncResult> SyncAsync(long marketoId, SyncEntity entity, CancellationToken cancellationToken) =>
        SyncAsync(marketoId, entity, null, cancellationToken);

    /// <summary>
    /// As <see cref="SyncAsync(long, SyncEntity, CancellationToken)"/>, answering within <paramref name="answerWithin"/>
    /// once the request is kept (issue 17): when Dynamics has paused the sync user (a 429's Retry-After) past the budget,
    /// or the budget passes, the answer is <see cref="PersonSyncOutcome.Pending"/> at once and <see cref="KeptSignal"/>
    /// wakes the drain. Before the request is kept, only <paramref name="cancellationToken"/> (the hard deadline) stops the call.
    /// </summary>
    public async Task<PersonSyncResult> SyncAsync(long marketoId, SyncEntity entity, TimeSpan? answerWithin, CancellationToken cancellationToken)
    {
        var step = new Step();
        using var budgetTimer = answerWithin is { } within ? new CancellationTokenSource(within, time) : null;
        using var budget = budgetTimer is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budgetTimer.Token);
        var answerBy = answerWithin is { } w ? time.GetUtcNow() + w : (DateTimeOffset?)null;
        try
        {
            return await SyncCoreAsync(marketoId, entity, step, new Budget(cancellationToken, budget?.Token ?? cancellationToken, answerBy), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or DataverseException or MarketoApiException or HttpRequestException)
        {
            // The answer comes from what the state holds now, not from what the call hoped to do.
            if (await state.FindLinkAsync(marketoId, CancellationToken.None).ConfigureAwait(false) is { } link)
            {
                return AlreadyLinked(link);
            }

            if (await state.FindPendingPersonRequestAsync(marketoId, CancellationToken.None).ConfigureAwait(false) is not { } kept)
            {
                throw;
            }

            var reason = ex switch
            {
                OperationCanceledException when step.PausedUntil is { } until =>
                    $"Dynamics is throttling the sync user until {until.UtcDateTime.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)} UTC (its Retry-After), past this answer's budget of {Seconds(answerWithin!.Value)}.",
                OperationCanceledException when budgetTimer?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested =>
                    $"Not done within this answer's budget of {Seconds(answerWithin!.Value)} (waiting for {step.Waiting}).",
                OperationCanceledException => $"Stopped while waiting for {step.Waiting}.",
                _ => $"The call to {step.Waiting} failed: {ex.Message}",
            };
            PersonSyncLog.Kept(logger, marketoId, kept.Entity.ToLogicalName(), step.Waiting);
            KeptSignal.Raise();
            return new PersonSyncResult(
                PersonSyncOutcome.Pending, marketoId, null,
                $"{reason} The request for Marketo person {marketoId} is kept in the agent's state; the next sync cycle creates and links the {kept.Entity.ToLogicalName()} at the latest.",
                []);
        }
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s";

    /// <summary>
    /// Carries out a request kept in the state (<see cref="StateStore.GetPendingPersonRequestsAsync"/>) through the same
    /// steps as <see cref="SyncAsync"/>; failures are thrown and the request stays kept. A person linked meanwhile (the
    /// backfill matched it by e-mail) drops the request.
    /// </summary>
    public async Task<PersonSyncResult> CarryOutAsync(PendingPersonRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await SyncCoreAsync(request.MarketoId, request.Entity, new Step(), new Budget(cancellationToken, cancellationToken, null), cancellationToken).ConfigureAwait(false);
        if (result.Outcome == PersonSyncOutcome.AlreadyLinked)
        {
            await state.ReleasePersonRecordAsync(request.MarketoId, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private async Task<PersonSyncResult> SyncCoreAsync(long marketoId, SyncEntity entity, Step step, Budget budget, CancellationToken cancellationToken)
    {
        var spans = new Spans(logger, marketoId);
        step.Waiting = "another request for this person";
        using var held = await AcquireWithinBudgetAsync(marketoId, budget).ConfigureAwait(false);
        spans.Mark(Span.Lock);

        // Across processes and hosts (issue 18 item 3): the first call reserves the person's record as its entity in the
        // state, committed before any create; a later call with another "as" creates (finds) that same record instead.
        // Not the cycle-long writer guard: a webhook answer must not wait for a whole cycle. The reservation is also the
        // kept request (item 4): if this call stops before the link, the next cycle carries it out.
        step.Waiting = "the agent's state";
        // A person already linked (half the calls of a campaign firing on a list) is answered from a read, without
        // queueing for the state's one writer (issue 17). A link is never removed by sync-person, so the answer holds.
        if (await state.FindLinkAsync(marketoId, cancellationToken).ConfigureAwait(false) is { } known)
        {
            spans.Mark(Span.Reserve);
            spans.Log();
            return AlreadyLinked(known);
        }

        var reservation = await state.ReservePersonRecordAsync(marketoId, entity, cancellationToken).ConfigureAwait(false);
        spans.Mark(Span.Reserve);
        if (reservation.Link is { } link)
        {
            spans.Log();
            return AlreadyLinked(link);
        }

        entity = reservation.Entity;

        // Kept from here on: the answer's budget applies (issue 17). Dynamics paused past it answers at once.
        var within = budget.AfterKept;
        step.Waiting = "Dynamics";
        StopIfPausedPastBudget(budget, step);
        var maps = mapping.For(entity);
        step.Waiting = "Marketo";
        // Coalesced with the lookups of concurrent calls (issue 17): a burst of new persons costs a few Marketo calls.
        var lead = await _lookups.GetAsync(marketoId, [.. maps.Select(m => m.Marketo)], within).ConfigureAwait(false);
        spans.Mark(Span.Lookup);
        if (lead is null)
        {
            await state.ReleasePersonRecordAsync(marketoId, cancellationToken).ConfigureAwait(false);
            return new PersonSyncResult(PersonSyncOutcome.NotFound, marketoId, null, $"Marketo has no person with id {marketoId}.", []);
        }

        step.Waiting = "Dynamics";
        StopIfPausedPastBudget(budget, step);
        var columns = await access.GetColumnsAsync(entity, within).ConfigureAwait(false);
        spans.Mark(Span.Columns);
        var fields = new List<PlannedField>();
        var skipped = new List<string>();
        foreach (var map in maps)
        {
            var column = columns.Find(map.Dynamics);
            if (column is not { CanCreate: true, CanRead: true })
            {
                // B6: a column the sync user may not read and write is never read or written.
                skipped.Add(map.Dynamics);
                PersonSyncLog.ColumnSkipped(logger, marketoId, entity.ToLogicalName(), map.Dynamics);
                continue;
            }

            // The column's type and labels, so the engine turns a label into its option value (B14).
            var typed = ColumnTypes.Apply(map, column, options.Value.LanguageCode);
            fields.Add(new PlannedField(typed, ValueConverter.FromMarketoText(lead.GetText(map.Marketo), typed.Kind)));
        }

        var record = new RecordKey(entity, PersonRecordId.For(marketoId));
        var create = DynamicsCreatePlanner.Plan(new Link(marketoId, record), fields);
        var written = create.Fields.ToList();
        var body = ValueConverter.ToDataverseBody(dataverse.ServiceRoot, written);
        CreateOutcome outcome;
        StopIfPausedPastBudget(budget, step);
        try
        {
            outcome = await dataverse.CreateIfAbsentAsync(entity.ToLogicalName(), record.Id, body, within).ConfigureAwait(false);
            spans.Mark(Span.Create);
        }
        catch (DataverseException ex) when (ex.StatusCode is { } status && (int)status is >= 400 and < 500 && status != HttpStatusCode.TooManyRequests)
        {
            return await RejectAsync(marketoId, record, written, ex, skipped, cancellationToken).ConfigureAwait(false);
        }

        step.Waiting = "the agent's state";
        var linked = await LinkAsync(create.Link, create.ShadowsAfter(outcome == CreateOutcome.Created), create.Refused, cancellationToken).ConfigureAwait(false);
        spans.Mark(Span.Link);
        spans.Log();
        if (linked is not null)
        {
            return linked;
        }

        var name = entity.ToLogicalName();
        if (outcome == CreateOutcome.Created)
        {
            PersonSyncLog.Created(logger, marketoId, name, record.Id);
            return new PersonSyncResult(PersonSyncOutcome.Created, marketoId, record, $"Created {name} {record.Id:D} for Marketo person {marketoId} and linked it.", skipped);
        }

        PersonSyncLog.LinkedExisting(logger, marketoId, name, record.Id);
        return new PersonSyncResult(PersonSyncOutcome.Linked, marketoId, record, $"{Capitalize(name)} {record.Id:D} already existed for Marketo person {marketoId}; linked it.", skipped);
    }

    /// <summary>
    /// The person's lock. When the budget passes while another call of the same person holds it (a drain or a call
    /// waiting for Dynamics), the call stops if the request is kept (answered pending); else it waits on to the deadline,
    /// since nothing may be promised that is not kept.
    /// </summary>
    private async Task<IDisposable> AcquireWithinBudgetAsync(long marketoId, Budget budget)
    {
        try
        {
            return await _locks.AcquireAsync(marketoId, budget.AfterKept).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!budget.Hard.IsCancellationRequested)
        {
            if (await state.FindPendingPersonRequestAsync(marketoId, budget.Hard).ConfigureAwait(false) is not null
                || await state.FindLinkAsync(marketoId, budget.Hard).ConfigureAwait(false) is not null)
            {
                throw;
            }

            return await _locks.AcquireAsync(marketoId, budget.Hard).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the call (answered pending) when Dynamics has paused the sync user past the answer's budget.</summary>
    private void StopIfPausedPastBudget(Budget budget, Step step)
    {
        if (budget.AnswerBy is { } by && dataverse.Pacing.PausedUntil is var until && until > by)
        {
            step.PausedUntil = until;
            throw new OperationCanceledException($"Dynamics paused the sync user until {until:O}, past the answer's budget");
        }

        budget.AfterKept.ThrowIfCancellationRequested();
    }

    /// <summary>Links the person; null when done, or the answer when the background sync linked it meanwhile.</summary>
    private async Task<PersonSyncResult?> LinkAsync(Link link, IReadOnlyList<ShadowValue> shadows, IReadOnlyList<ValueRejection> refused, CancellationToken cancellationToken)
    {
        try
        {
            await using var transaction = await state.BeginAsync(cancellationToken).ConfigureAwait(false);
            await transaction.AddLinksAsync([link], cancellationToken).ConfigureAwait(false);
            await transaction.ClearMarkerAsync(StateStore.ReservationMarker(link.MarketoId), cancellationToken).ConfigureAwait(false);
            if (shadows.Count > 0)
            {
                await transaction.SetShadowsAsync(shadows, cancellationToken).ConfigureAwait(false);
            }

            foreach (var value in refused)
            {
                // Values that did not fit their column were left out of the create: users see why in the rejections.
                await transaction.AddRejectionAsync(CycleRejections.InvalidValue(value, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A cycle of another process may have linked the person (matched by email) between our check and now.
            if (await state.FindLinkAsync(link.MarketoId, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                return AlreadyLinked(existing);
            }

            throw;
        }
    }

    private async Task<PersonSyncResult> RejectAsync(long marketoId, RecordKey record, List<PlannedField> written, DataverseException ex, List<string> skipped, CancellationToken cancellationToken)
    {
        var name = record.Entity.ToLogicalName();
        PersonSyncLog.Rejected(logger, marketoId, name, record.Id, ex.ErrorCode, ex.ErrorMessage);
        await using (var transaction = await state.BeginAsync(cancellationToken).ConfigureAwait(false))
        {
            await transaction.AddRejectionAsync(
                CycleRejections.DynamicsRefused("create", null, marketoId, written, ex.ErrorCode, ex.ErrorMessage ?? ex.Message, (int)ex.StatusCode!.Value, time.GetUtcNow()),
                cancellationToken).ConfigureAwait(false);
            await transaction.ClearMarkerAsync(StateStore.ReservationMarker(marketoId), cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return new PersonSyncResult(PersonSyncOutcome.Rejected, marketoId, null, $"Dynamics refused to create the {name}: {ex.ErrorMessage ?? ex.Message}", skipped);
    }

    private PersonSyncResult AlreadyLinked(Link link)
    {
        PersonSyncLog.AlreadyLinked(logger, link.MarketoId, link.Entity.ToLogicalName(), link.Record.Id);
        return PersonSyncResult.AlreadyLinked(link);
    }

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>
    /// How long each step of one call took (issue 17, the webhook's p99 profile), logged at Debug: waiting for another
    /// call of the same person, the reservation, the coalesced lookup, the column access, the create, the link.
    /// </summary>
    private sealed class Spans(ILogger logger, long marketoId)
    {
        private readonly long _started = Stopwatch.GetTimestamp();
        private readonly double[] _milliseconds = new double[Enum.GetValues<Span>().Length];
        private long _last = Stopwatch.GetTimestamp();

        public void Mark(Span span)
        {
            var now = Stopwatch.GetTimestamp();
            _milliseconds[(int)span] = Stopwatch.GetElapsedTime(_last, now).TotalMilliseconds;
            _last = now;
        }

        public void Log()
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
                var ms = _milliseconds;
                PersonSyncLog.Spans(logger, marketoId, Stopwatch.GetElapsedTime(_started).TotalMilliseconds,
                    ms[(int)Span.Lock], ms[(int)Span.Reserve], ms[(int)Span.Lookup], ms[(int)Span.Columns], ms[(int)Span.Create], ms[(int)Span.Link]);
            }
        }
    }

    private enum Span
    {
        Lock,
        Reserve,
        Lookup,
        Columns,
        Create,
        Link,
    }

    /// <summary>What the call waits for now, so a stopped call can say where it stopped.</summary>
    private sealed class Step
    {
        public string Waiting { get; set; } = "Dynamics";

        /// <summary>Set when the call stopped because Dynamics paused the sync user past the answer's budget.</summary>
        public DateTimeOffset? PausedUntil { get; set; }
    }

    /// <summary>The hard deadline (before the request is kept) and the answer's budget (after), with its instant.</summary>
    private readonly record struct Budget(CancellationToken Hard, CancellationToken AfterKept, DateTimeOffset? AnswerBy);
}
