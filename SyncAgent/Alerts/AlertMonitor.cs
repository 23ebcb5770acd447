using System.Text.Json;
using CrmSync.SyncAgent.Marketo;
using CrmSync.SyncAgent.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Alerts;

/// <summary>
/// Pushes alerts (DESIGN B20): each condition is sent once to every channel while it holds, and a "resolved" message
/// once when it clears. What was sent is kept in the state store (markers <c>alert:*</c>), so a restarted agent does
/// not send it again; a channel that failed is tried again at the next check. Also sends the daily rejection digest.
/// </summary>
internal sealed partial class AlertMonitor
{
    /// <summary>Marker names start with this.</summary>
    public const string MarkerPrefix = "alert:";

    /// <summary>Cycles read per check (a day of 5-minute cycles is 288).</summary>
    public const int CycleWindow = 300;

    private readonly StateStore _state;
    private readonly IReadOnlyList<AlertChannel> _channels;
    private readonly AlertRedactor _redactor;
    private readonly AlertOptions _options;
    private readonly MarketoOptions _marketo;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DateTimeOffset _watchingSince;
    private readonly RejectionDigest _digest;

    public AlertMonitor(
        StateStore state, IEnumerable<AlertChannel> channels, AlertRedactor redactor, IOptions<AlertOptions> options,
        IOptions<MarketoOptions> marketo, TimeProvider time, ILogger<AlertMonitor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(marketo);
        _state = state;
        _channels = [.. channels];
        _redactor = redactor;
        _options = options.Value;
        _marketo = marketo.Value;
        _time = time;
        _logger = logger;
        _watchingSince = time.GetUtcNow();
        _digest = new RejectionDigest(state, _channels, redactor, time, logger);
    }

    /// <summary>The channels alerts go to.</summary>
    public IReadOnlyList<AlertChannel> Channels => _channels;

    /// <summary>Evaluates every condition and sends what is due; returns the conditions that hold.</summary>
    public async Task<IReadOnlyList<AlertCondition>> CheckAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var cycles = await _state.GetRecentCyclesAsync(CycleWindow, cancellationToken).ConfigureAwait(false);
        var quotaDay = MarketoQuotaDay.StartOf(now);
        var holding = AlertConditions.Evaluate(new AlertInput
        {
            Cycles = cycles,
            Now = now,
            WatchingSince = _watchingSince,
            MarketoCallsToday = cycles.Where(c => c.StartedOn >= quotaDay).Sum(c => (long)c.MarketoCalls),
            MarketoQuotaLimit = _marketo.DailyQuotaLimit,
        }, _options);
        var markers = await _state.GetMarkersAsync(cancellationToken).ConfigureAwait(false);
        foreach (var kind in Enum.GetValues<AlertKind>())
        {
            var name = MarkerPrefix + kind;
            var stored = markers.TryGetValue(name, out var json) ? Read(json) : null;
            var condition = holding.FirstOrDefault(c => c.Kind == kind);
            await StepAsync(kind, name, stored, condition, now, cancellationToken).ConfigureAwait(false);
        }

        await _digest.CheckAsync(markers, cancellationToken).ConfigureAwait(false);
        return holding;
    }

    private async Task StepAsync(AlertKind kind, string name, AlertRecord? stored, AlertCondition? condition, DateTimeOffset now, CancellationToken cancellationToken)
    {
        AlertRecord next;
        bool changed;
        if (condition is not null)
        {
            // Holds: (re)raise it, then deliver to every channel that has not had it.
            next = stored is null || stored.Resolving ? new AlertRecord { Since = now, Text = condition.Text } : stored;
            var message = new AlertMessage($"[CrmSync] ALERT: {AlertTitles.For(kind, _options)}", next.Text);
            var sent = await DeliverAsync(kind, message, next.Alerted, _channels.Select(c => c.Name), cancellationToken).ConfigureAwait(false);
            changed = sent || !ReferenceEquals(next, stored);
        }
        else if (stored is not null)
        {
            // Cleared: the channels that had the alert get "resolved" once; then the marker goes.
            next = stored with { Resolving = true };
            var message = new AlertMessage($"[CrmSync] RESOLVED: {AlertTitles.For(kind, _options)}",
                $"Resolved at {now:u}; it began at {stored.Since:u}.\n\nWas: {stored.Text}");
            var sent = await DeliverAsync(kind, message, next.ResolvedTo, stored.Alerted, cancellationToken).ConfigureAwait(false);
            changed = sent || !stored.Resolving;
        }
        else
        {
            return;
        }

        if (!changed)
        {
            return;
        }

        await using var transaction = await _state.BeginAsync(cancellationToken).ConfigureAwait(false);
        if (next.Resolving && next.Alerted.All(next.ResolvedTo.Contains))
        {
            await transaction.ClearMarkerAsync(name, cancellationToken).ConfigureAwait(false);
            LogResolved(_logger, kind);
        }
        else
        {
            await transaction.SetMarkerAsync(name, JsonSerializer.Serialize(next, AlertJsonContext.Default.AlertRecord), cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="message"/> to the channels in <paramref name="targets"/> not yet in <paramref name="delivered"/>, adding each success; true if any.</summary>
    private async Task<bool> DeliverAsync(AlertKind kind, AlertMessage message, List<string> delivered, IEnumerable<string> targets, CancellationToken cancellationToken)
    {
        var safe = _redactor.Redact(message);
        var any = false;
        foreach (var channel in _channels.Where(c => targets.Contains(c.Name) && !delivered.Contains(c.Name)))
        {
            try
            {
                await channel.SendAsync(safe, cancellationToken).ConfigureAwait(false);
                delivered.Add(channel.Name);
                any = true;
                LogSent(_logger, kind, channel.Name, safe.Subject);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogSendFailed(_logger, kind.ToString(), channel.Name, ex.GetType().Name, _redactor.Redact(ex.Message));
            }
        }

        return any;
    }

    private AlertRecord? Read(string json)
    {
        try
        {
            var record = JsonSerializer.Deserialize(json, AlertJsonContext.Default.AlertRecord);
            return record is null ? null : record with { Alerted = [.. record.Alerted], ResolvedTo = [.. record.ResolvedTo] };
        }
        catch (JsonException)
        {
            LogUnreadable(_logger);
            return null;
        }
    }

    [LoggerMessage(EventId = 4600, Level = LogLevel.Warning, Message = "Alert {Kind} sent to {Channel}: {Subject}")]
    private static partial void LogSent(ILogger logger, AlertKind kind, string channel, string subject);

    [LoggerMessage(EventId = 4601, Level = LogLevel.Error, Message = "Alert {Kind} could not be sent to {Channel} ({ErrorType}: {Error}); it is tried again at the next check")]
    internal static partial void LogSendFailed(ILogger logger, string kind, string channel, string errorType, string error);

    [LoggerMessage(EventId = 4602, Level = LogLevel.Information, Message = "Alert {Kind} resolved and its resolution sent")]
    private static partial void LogResolved(ILogger logger, AlertKind kind);

    [LoggerMessage(EventId = 4603, Level = LogLevel.Warning, Message = "An unreadable alert marker was ignored")]
    private static partial void LogUnreadable(ILogger logger);
}
