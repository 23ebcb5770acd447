using System.Globalization;
using System.Text.Json;
using CrmSync.SyncAgent.Cycle.Ports;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Dataverse.Batch;
using CrmSync.SyncAgent.Marketo;
using CrmSync.SyncAgent.State;
using Microsoft.Extensions.Logging;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>Writes the activity records that tell users about rejections, on both sides (DESIGN B7).</summary>
internal sealed partial class RejectionNotifier(CrmPort dataverse, MarketoPort marketo, StateStore state, ILogger<RejectionNotifier> logger)
{
    private int? _activityTypeId;

    /// <summary>Sends every pending notice (this cycle's and any a crash left behind) and clears its marker.</summary>
    public async Task<int> SendPendingAsync(CancellationToken cancellationToken) =>
        await SendPendingAsync(await state.GetMarkersAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>Sends the pending notices among <paramref name="markers"/> (the state's markers, already read by the caller).</summary>
    public async Task<int> SendPendingAsync(IReadOnlyDictionary<string, string> markers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(markers);
        var notices = new List<RejectionNotice>();
        foreach (var (name, value) in markers)
        {
            if (!name.StartsWith(RejectionNotice.MarkerPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (RejectionNotice.FromJson(value) is { } notice)
            {
                notices.Add(notice);
            }
            else
            {
                LogUnreadableNotice(logger, name);
                await ClearAsync(name, cancellationToken).ConfigureAwait(false);
            }
        }

        if (notices.Count == 0)
        {
            return 0;
        }

        var dynamicsDone = await SendToDynamicsAsync(notices.Where(n => !n.DynamicsSent && n.RecordId is not null).ToList(), cancellationToken).ConfigureAwait(false);
        var (marketoDone, marketoAttempted) = await SendToMarketoAsync(notices.Where(n => !n.MarketoSent && n.MarketoId is not null).ToList(), cancellationToken).ConfigureAwait(false);
        await using var transaction = await state.BeginAsync(cancellationToken).ConfigureAwait(false);
        foreach (var notice in notices)
        {
            var updated = notice with
            {
                DynamicsSent = notice.DynamicsSent || notice.RecordId is null || dynamicsDone.Contains(notice.RejectionId),
                MarketoSent = notice.MarketoSent || notice.MarketoId is null || marketoDone.Contains(notice.RejectionId),
                MarketoAttempted = notice.MarketoAttempted || marketoAttempted.Contains(notice.RejectionId),
            };
            if (updated.DynamicsSent && updated.MarketoSent)
            {
                await transaction.ClearMarkerAsync(notice.MarkerName, cancellationToken).ConfigureAwait(false);
            }
            else if (updated != notice)
            {
                await transaction.SetMarkerAsync(notice.MarkerName, updated.ToJson(), cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return notices.Count;
    }

    private async Task<HashSet<long>> SendToDynamicsAsync(List<RejectionNotice> notices, CancellationToken cancellationToken)
    {
        var done = new HashSet<long>();
        if (notices.Count == 0)
        {
            return done;
        }

        var writes = notices.Select(n => SyncResultActivity.Create(
            dataverse.ServiceRoot, n.RejectionId.ToString(CultureInfo.InvariantCulture), n.ActivityId, n.Entity!, n.RecordId!.Value, n.Subject, n.Description,
            RejectionNotice.Outcome, n.Fields, n.MarketoId?.ToString(CultureInfo.InvariantCulture))).ToList();
        var results = await dataverse.ApplyWritesAsync(writes, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < results.Count; i++)
        {
            // A record deleted since cannot hold the activity: the rejection stays visible in status.
            if (results[i].Landed || results[i].Outcome is RecordWriteOutcome.NotFound or RecordWriteOutcome.Rejected)
            {
                done.Add(notices[i].RejectionId);
            }

            if (!results[i].Landed)
            {
                LogActivityNotWritten(logger, notices[i].RejectionId, results[i].ErrorCode, results[i].Message);
            }
        }

        return done;
    }

    private async Task<(HashSet<long> Done, HashSet<long> Attempted)> SendToMarketoAsync(List<RejectionNotice> notices, CancellationToken cancellationToken)
    {
        var done = new HashSet<long>();
        var attempted = new HashSet<long>();
        if (notices.Count == 0)
        {
            return (done, attempted);
        }

        _activityTypeId ??= (await marketo.EnsureCustomActivityTypeAsync(SyncResultActivityType.Definition, cancellationToken).ConfigureAwait(false)).Id;
        if (_activityTypeId is not { } typeId)
        {
            LogNoActivityType(logger, SyncResultActivityType.ApiName);
            return (done, attempted);
        }

        var send = new List<RejectionNotice>();
        var landed = await AlreadyLoggedAsync(notices.Where(n => n.MarketoAttempted).ToList(), typeId, cancellationToken).ConfigureAwait(false);
        foreach (var notice in notices)
        {
            if (landed.Contains(notice.RejectionId))
            {
                done.Add(notice.RejectionId);
            }
            else
            {
                send.Add(notice);
            }
        }

        if (send.Count == 0)
        {
            return (done, attempted);
        }

        await MarkAttemptedAsync(send, cancellationToken).ConfigureAwait(false);
        attempted.UnionWith(send.Select(n => n.RejectionId));
        var activities = send.Select(n => new CustomActivity(
            n.MarketoId!.Value,
            n.OccurredOn,
            typeId,
            RejectionNotice.ForMarketo(n.Fields),
            Attributes(n))).ToList();
        var results = await marketo.AddCustomActivitiesAsync(activities, cancellationToken).ConfigureAwait(false);
        foreach (var result in results)
        {
            // A person deleted since (1004) cannot hold it either; anything else is retried with the next cycle.
            if (result.Succeeded || result.Reasons.Any(r => r.Code == "1004"))
            {
                done.Add(send[result.Index].RejectionId);
            }
            else
            {
                LogActivityNotWritten(logger, send[result.Index].RejectionId, result.Reasons.FirstOrDefault()?.Code, result.Reasons.FirstOrDefault()?.Message);
            }
        }

        return (done, attempted);
    }

    private static Dictionary<string, JsonElement> Attributes(RejectionNotice n) => new()
    {
        [SyncResultActivityType.DirectionAttribute] = MarketoValues.String(n.Direction),
        [SyncResultActivityType.ErrorCodeAttribute] = MarketoValues.String(n.ErrorCode ?? string.Empty),
        [SyncResultActivityType.MessageAttribute] = MarketoValues.String(RejectionNotice.ForMarketo(n.Message)),
        [SyncResultActivityType.RecordAttribute] = MarketoValues.String(n.RecordId is { } id ? $"{n.Entity} {id:D}" : string.Empty),
    };

    /// <summary>
    /// The notices a crashed run already added to Marketo: same person, same activity date (to the second), same
    /// primary value and message. Add Custom Activities has no idempotency key, so the log is the only witness.
    /// </summary>
    private async Task<HashSet<long>> AlreadyLoggedAsync(List<RejectionNotice> attempted, int typeId, CancellationToken cancellationToken)
    {
        var landed = new HashSet<long>();
        if (attempted.Count == 0)
        {
            return landed;
        }

        var since = attempted.Min(n => n.OccurredOn) - TimeSpan.FromMinutes(1);
        var logged = await marketo.GetLeadActivitiesAsync(typeId, attempted.Select(n => n.MarketoId!.Value).ToList(), since, cancellationToken).ConfigureAwait(false);
        foreach (var notice in attempted)
        {
            var message = RejectionNotice.ForMarketo(notice.Message);
            var fields = RejectionNotice.ForMarketo(notice.Fields);
            var second = notice.OccurredOn.ToUnixTimeSeconds();
            if (logged.Any(a => a.LeadId == notice.MarketoId && a.ActivityDate.ToUnixTimeSeconds() == second
                && string.Equals(a.PrimaryAttributeValue, fields, StringComparison.Ordinal) && a.AttributeValues.Contains(message, StringComparer.Ordinal)))
            {
                landed.Add(notice.RejectionId);
            }
        }

        return landed;
    }

    private async Task MarkAttemptedAsync(List<RejectionNotice> notices, CancellationToken cancellationToken)
    {
        await using var transaction = await state.BeginAsync(cancellationToken).ConfigureAwait(false);
        foreach (var notice in notices.Where(n => !n.MarketoAttempted))
        {
            await transaction.SetMarkerAsync(notice.MarkerName, (notice with { MarketoAttempted = true }).ToJson(), cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ClearAsync(string marker, CancellationToken cancellationToken)
    {
        await using var transaction = await state.BeginAsync(cancellationToken).ConfigureAwait(false);
        await transaction.ClearMarkerAsync(marker, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Sync result activity for rejection {RejectionId} not written: {ErrorCode} {ErrorMessage}")]
    private static partial void LogActivityNotWritten(ILogger logger, long rejectionId, string? errorCode, string? errorMessage);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Unreadable rejection notice marker {Marker} dropped")]
    private static partial void LogUnreadableNotice(ILogger logger, string marker);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Marketo custom activity type {ApiName} has no id yet; Marketo notices wait for the next cycle")]
    private static partial void LogNoActivityType(ILogger logger, string apiName);
}
