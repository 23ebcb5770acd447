using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CrmSync.Staging;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>
/// What the user is told about one rejection: a <c>crmsync_syncresult</c> activity regarding the Dynamics record and a
/// custom activity in the Marketo person's log. Stored as a state marker in the same commit as the rejection, and
/// removed once both are written, so a crash in between sends it at the next start, not never.
/// </summary>
internal sealed record RejectionNotice
{
    /// <summary>Marker names start with this.</summary>
    public const string MarkerPrefix = "notify:";

    private const int SubjectMax = 200;
    private const int DescriptionMax = 2000;
    private const int MarketoTextMax = 255;

    public required long RejectionId { get; init; }

    public required string Direction { get; init; }

    public string? Entity { get; init; }

    public Guid? RecordId { get; init; }

    public long? MarketoId { get; init; }

    public required string Fields { get; init; }

    public required string Subject { get; init; }

    public required string Description { get; init; }

    public string? ErrorCode { get; init; }

    public required string Message { get; init; }

    public required DateTimeOffset OccurredOn { get; init; }

    public bool DynamicsSent { get; init; }

    public bool MarketoSent { get; init; }

    /// <summary>
    /// Set (and committed) before the Marketo activity is sent: Add Custom Activities has no idempotency key, so after a
    /// crash a notice with this flag is first looked up in the person's activity log instead of being sent twice.
    /// </summary>
    public bool MarketoAttempted { get; init; }

    /// <summary>The marker name for this notice.</summary>
    public string MarkerName => MarkerPrefix + RejectionId.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The activity id in Dynamics, derived from the rejection, so writing it twice (after a crash) finds it there
    /// already instead of creating a second activity.
    /// </summary>
    public Guid ActivityId
    {
        get
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes("crmsync-syncresult:" + RejectionId.ToString(CultureInfo.InvariantCulture) + ":" + OccurredOn.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)));
            hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
            hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
            return new Guid(hash.AsSpan(0, 16));
        }
    }

    /// <summary>
    /// Stores <paramref name="rejection"/> as one of cycle <paramref name="cycleId"/>'s, with its notice marker when it
    /// names a record or a person, in <paramref name="transaction"/>; the next cycle sends the notice.
    /// </summary>
    public static async Task AddAsync(StateTransaction transaction, Rejection rejection, long? cycleId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var stored = rejection with { CycleId = cycleId };
        var id = await transaction.AddRejectionAsync(stored, cancellationToken).ConfigureAwait(false);
        if (stored.Record is not null || stored.MarketoId is not null)
        {
            var notice = For(id, stored);
            await transaction.SetMarkerAsync(notice.MarkerName, notice.ToJson(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The notice for a stored rejection.</summary>
    public static RejectionNotice For(long id, Rejection rejection)
    {
        var fields = string.Join(", ", rejection.Fields.Select(f => f.Field));
        var target = rejection.Direction == SyncDirection.ToDynamics ? "Dynamics 365" : "Marketo";
        var description = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"CrmSync could not write to {target} ({rejection.Operation}).")
            .Append("\nValues tried:");
        foreach (var field in rejection.Fields)
        {
            description.Append(CultureInfo.InvariantCulture, $"\n  {field.Field} = {field.Value}");
        }

        description.Append(CultureInfo.InvariantCulture, $"\n{target} said: {rejection.ErrorCode} {rejection.Message}")
            .Append("\nThe value is not retried until one side changes the field again.");
        return new RejectionNotice
        {
            RejectionId = id,
            Direction = rejection.Direction.ToLabel(),
            Entity = rejection.Record?.Entity.ToLogicalName(),
            RecordId = rejection.Record?.Id,
            MarketoId = rejection.MarketoId,
            Fields = fields,
            // A merge in Marketo is not a refused write: the notice says what happened to the link instead.
            Subject = rejection.ErrorCode == CycleRejections.MergedInMarketoCode
                ? "CrmSync: unlinked, its Marketo person was merged into another"
                : Truncate($"CrmSync: {target} rejected {fields}", SubjectMax),
            Description = Truncate(rejection.ErrorCode == CycleRejections.MergedInMarketoCode ? rejection.Message : description.ToString(), DescriptionMax),
            ErrorCode = rejection.ErrorCode,
            Message = rejection.Message,
            OccurredOn = rejection.OccurredOn,
        };
    }

    /// <summary>The notice's stored form.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, NoticeJsonContext.Default.RejectionNotice);

    /// <summary>A stored notice; null when the marker cannot be read (it is then dropped, with a log line).</summary>
    public static RejectionNotice? FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, NoticeJsonContext.Default.RejectionNotice);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Truncates text for a Marketo string attribute.</summary>
    public static string ForMarketo(string? text) => Truncate(text ?? string.Empty, MarketoTextMax);

    /// <summary>The outcome option of the Dynamics activity.</summary>
    public static int Outcome => SyncResultTable.OutcomeRejected;

    private static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
