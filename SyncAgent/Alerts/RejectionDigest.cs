using System.Globalization;
using System.Text;
using System.Text.Json;
using CrmSync.SyncAgent.State;
using Microsoft.Extensions.Logging;

namespace CrmSync.SyncAgent.Alerts;

/// <summary>
/// The daily digest of new rejections (DESIGN B20): once a day, if records were rejected since the last digest, one
/// message lists them by error code. The first check only notes where the digest starts.
/// </summary>
internal sealed class RejectionDigest(StateStore state, IReadOnlyList<AlertChannel> channels, AlertRedactor redactor, TimeProvider time, ILogger logger)
{
    /// <summary>The digest's marker.</summary>
    public const string MarkerName = AlertMonitor.MarkerPrefix + "digest";

    /// <summary>How often a digest is due.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromDays(1);

    /// <summary>Rejections listed one by one; the rest are counted.</summary>
    public const int Listed = 20;

    public async Task CheckAsync(IReadOnlyDictionary<string, string> markers, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var last = markers.TryGetValue(MarkerName, out var json) ? Read(json) : null;
        if (last is null)
        {
            var newest = await state.SearchRejectionsAsync(new RejectionQuery { IncludeResolved = true, Limit = 1 }, cancellationToken).ConfigureAwait(false);
            await SaveAsync(new DigestRecord { SentOn = now, LastRejectionId = newest.Count == 0 ? 0 : newest[0].Id }, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (now - last.SentOn < Period)
        {
            return;
        }

        var rows = (await state.SearchRejectionsAsync(new RejectionQuery { IncludeResolved = true, Since = last.SentOn.AddDays(-1), Limit = 100_000 }, cancellationToken).ConfigureAwait(false))
            .Where(r => r.Id > last.LastRejectionId)
            .ToList();
        if (rows.Count > 0 && !await SendAsync(Compose(rows, last.SentOn, now), cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await SaveAsync(new DigestRecord { SentOn = now, LastRejectionId = rows.Count == 0 ? last.LastRejectionId : rows.Max(r => r.Id) }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The digest of <paramref name="rows"/> (newest first).</summary>
    public static AlertMessage Compose(IReadOnlyList<Rejection> rows, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"{rows.Count} records were rejected between {from:u} and {to:u}.\n\nBy error code:\n");
        foreach (var group in rows.GroupBy(r => r.ErrorCode ?? "(none)").OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            body.Append(CultureInfo.InvariantCulture, $"  {group.Key}: {group.Count()}\n");
        }

        body.Append("\nNewest:\n");
        foreach (var row in rows.Take(Listed))
        {
            var who = row.Record is { } record ? $"{record.Entity.ToString().ToLowerInvariant()} {record.Id:D}" : $"person {row.MarketoId}";
            body.Append(CultureInfo.InvariantCulture, $"  #{row.Id} {row.OccurredOn:u} {row.Direction} {row.Operation} {who}: {row.ErrorCode} {row.Message}\n");
        }

        if (rows.Count > Listed)
        {
            body.Append(CultureInfo.InvariantCulture, $"  … and {rows.Count - Listed} more.\n");
        }

        body.Append("\nSee `crmsync status` or the status page for every rejection.");
        return new AlertMessage(string.Create(CultureInfo.InvariantCulture, $"[CrmSync] {rows.Count} new rejections in the last day"), body.ToString());
    }

    /// <summary>True when every channel took it (a channel that failed gets the whole digest again at the next check).</summary>
    private async Task<bool> SendAsync(AlertMessage message, CancellationToken cancellationToken)
    {
        var safe = redactor.Redact(message);
        var all = true;
        foreach (var channel in channels)
        {
            try
            {
                await channel.SendAsync(safe, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                AlertMonitor.LogSendFailed(logger, "RejectionDigest", channel.Name, ex.GetType().Name, redactor.Redact(ex.Message));
                all = false;
            }
        }

        return all;
    }

    private async Task SaveAsync(DigestRecord record, CancellationToken cancellationToken)
    {
        await using var transaction = await state.BeginAsync(cancellationToken).ConfigureAwait(false);
        await transaction.SetMarkerAsync(MarkerName, JsonSerializer.Serialize(record, AlertJsonContext.Default.DigestRecord), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static DigestRecord? Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, AlertJsonContext.Default.DigestRecord);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
