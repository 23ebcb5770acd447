using System.Globalization;
using System.Text.Json;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Dataverse.Batch;
using CrmSync.SyncAgent.Marketo;
using CrmSync.SyncAgent.State;
using Microsoft.Extensions.Logging;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>Writes the activity records that tell users about rejections, on both sides (DESIGN B7).</summary>
internal sealed partial class RejectionNotifier(DataverseClient dataverse, MarketoClient marketo, StateStore state, ILogger<RejectionNotifier> logger)
{
    private int? _activityTypeId;

    /// <summary>Sends every pending notice (this cycle's and any a crash left behind) and clears its marker.</summary>
    public async Task<int> SendPendingAsync(CancellationToken cancellationToken)
    {
        var markers = await state.GetMarkersAsync(cancellationToken).ConfigureAwait(false);
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
        var marketoDone = await SendToMarketoAsync(notices.Where(n => !n.MarketoSent && n.MarketoId is not null).ToList(), cancellationToken).ConfigureAwait(false);
        await using var transaction = await state.BeginAsync(cancellationToken).ConfigureAwait(false);
        foreach (var notice in notices)
        {
            var updated = notice with
            {
                DynamicsSent = notice.DynamicsSent || notice.RecordId is null || dynamicsDone.Contains(notice.RejectionId),
                MarketoSent = notice.MarketoSent || notice.MarketoId is null || marketoDone.Contains(notice.RejectionId),
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

    private async Task<HashSet<long>> SendToMarketoAsync(List<RejectionNotice> notices, CancellationToken cancellationToken)
    {
        var done = new HashSet<long>();
        if (notices.Count == 0)
        {
            return done;
        }

        _activityTypeId ??= (await marketo.EnsureCustomActivityTypeAsync(SyncResultActivityType.Definition, cancellationToken).ConfigureAwait(false)).Id;
        if (_activityTypeId is not { } typeId)
        {
            LogNoActivityType(logger, SyncResultActivityType.ApiName);
            return done;
        }

        var activities = notices.Select(n => new CustomActivity(
            n.MarketoId!.Value,
            n.OccurredOn,
            typeId,
            RejectionNotice.ForMarketo(n.Fields),
            new Dictionary<string, JsonElement>
            {
                [SyncResultActivityType.DirectionAttribute] = MarketoValues.String(n.Direction),
                [SyncResultActivityType.ErrorCodeAttribute] = MarketoValues.String(n.ErrorCode ?? string.Empty),
                [SyncResultActivityType.MessageAttribute] = MarketoValues.String(RejectionNotice.ForMarketo(n.Message)),
                [SyncResultActivityType.RecordAttribute] = MarketoValues.String(n.RecordId is { } id ? $"{n.Entity} {id:D}" : string.Empty),
            })).ToList();
        var results = await marketo.AddCustomActivitiesAsync(activities, cancellationToken).ConfigureAwait(false);
        foreach (var result in results)
        {
            // A person deleted since (1004) cannot hold it either; anything else is retried with the next cycle.
            if (result.Succeeded || result.Reasons.Any(r => r.Code == "1004"))
            {
                done.Add(notices[result.Index].RejectionId);
            }
            else
            {
                LogActivityNotWritten(logger, notices[result.Index].RejectionId, result.Reasons.FirstOrDefault()?.Code, result.Reasons.FirstOrDefault()?.Message);
            }
        }

        return done;
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
