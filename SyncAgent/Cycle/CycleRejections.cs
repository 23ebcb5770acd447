using System.Globalization;
using CrmSync.SyncAgent.Dataverse.Staging;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>
/// The rejections a cycle or the backfill records for Dynamics records it could not link or sync: what users read in
/// status (and, with a record, as an activity on it) about why.
/// </summary>
internal static class CycleRejections
{
    /// <summary>The error code of a record unlinked because its person was merged in Marketo (DESIGN B17).</summary>
    public const string MergedInMarketoCode = "merged-in-marketo";

    /// <summary>A Dynamics record without an email cannot be matched to a Marketo person.</summary>
    public static Rejection NoEmail(RecordKey record, string operation, DateTimeOffset now) => new()
    {
        Direction = SyncDirection.ToMarketo,
        Operation = operation,
        Record = record,
        ErrorCode = "no-email",
        Message = $"{record} has no email. CrmSync matches Marketo persons by email: give the record an email to sync it (or set crmsync_synctomarketo to No).",
        OccurredOn = now,
    };

    /// <summary>A staging row that cannot be read or holds nothing synced.</summary>
    public static Rejection QuarantinedRow(StagingRow row, DateTimeOffset now) => new()
    {
        Direction = SyncDirection.ToMarketo,
        Operation = "Stage",
        Record = Engine.SyncEntityNames.TryParse(row.Entity, out var entity) && row.RecordId != Guid.Empty ? new RecordKey(entity, row.RecordId) : null,
        ErrorCode = "quarantined",
        Message = string.Create(
            CultureInfo.InvariantCulture,
            $"Staging row {row.StagingId:D} ({row.Message} {row.Entity} {row.RecordId:D}) was quarantined: {row.PoisonReason ?? "unknown entity or message"}. The rows behind it were synced."),
        OccurredOn = now,
    };

    /// <summary>Staging rows of a record that no longer exists in Dynamics.</summary>
    public static Rejection Gone(RecordKey record, int rows, DateTimeOffset now) => new()
    {
        Direction = SyncDirection.ToMarketo,
        Operation = "Stage",
        Record = record,
        ErrorCode = "quarantined",
        Message = string.Create(
            CultureInfo.InvariantCulture,
            $"{rows} staging row(s) for {record} were quarantined: the record no longer exists in Dynamics (deleted since the change was staged), so there is nothing to link. The rows behind them were synced."),
        OccurredOn = now,
    };

    /// <summary>A new record sharing its e-mail with another record synced in the same cycle (the first one is linked).</summary>
    public static Rejection DuplicateEmail(RecordKey record, FieldValue email, DateTimeOffset now) => new()
    {
        Direction = SyncDirection.ToMarketo,
        Operation = "Link",
        Record = record,
        Fields = [new RejectedField("email", email)],
        ErrorCode = "duplicate-email",
        Message = string.Create(
            CultureInfo.InvariantCulture,
            $"{record} shares the email '{email}' with another Dynamics record synced in the same cycle, which was linked to the Marketo person; {record} was not linked. Give it its own email, or merge the duplicates in Dynamics."),
        OccurredOn = now,
    };

    /// <summary>
    /// A new record whose email matched (create-or-update by email) a Marketo person already linked to another record:
    /// the person is not linked twice.
    /// </summary>
    public static Rejection EmailAlreadyLinked(RecordKey record, long marketoId, FieldValue email, RecordKey linkedRecord, DateTimeOffset now) => new()
    {
        Direction = SyncDirection.ToMarketo,
        Operation = "Link",
        Record = record,
        MarketoId = marketoId,
        Fields = [new RejectedField("email", email)],
        ErrorCode = "duplicate-email",
        Message = string.Create(
            CultureInfo.InvariantCulture,
            $"Marketo person {marketoId} with email '{email}' is already linked to {linkedRecord}; {record} shares that email and was not linked. Give it its own email, or merge the duplicates in Dynamics."),
        OccurredOn = now,
    };

    /// <summary>The engine's refusals to link or write (no e-mail, a value of the wrong type, a duplicate or taken e-mail), as rejections (<paramref name="operation"/>: Create or Backfill).</summary>
    public static IEnumerable<Rejection> Of(SyncPlan plan, string operation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var record in plan.UnlinkedWithoutEmail)
        {
            yield return NoEmail(record, operation, now);
        }

        foreach (var refused in plan.ValueRejections)
        {
            yield return InvalidValue(refused, now);
        }

        foreach (var (record, email) in plan.DuplicateEmails)
        {
            yield return DuplicateEmail(record, email, now);
        }

        foreach (var conflict in plan.EmailConflicts)
        {
            yield return EmailTaken(conflict, now);
        }

        foreach (var merged in plan.MergedAway)
        {
            yield return MergedInMarketo(merged, now);
        }
    }

    /// <summary>
    /// A record whose person was merged in Marketo into a person linked to another record (DESIGN B17): unlinked and told,
    /// on the record and in the survivor's activity log. Nothing in Dynamics is deleted.
    /// </summary>
    public static Rejection MergedInMarketo(MergedAway merged, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(merged);
        return new Rejection
        {
            Direction = SyncDirection.ToDynamics,
            Operation = "Merge",
            Record = merged.Record,
            MarketoId = merged.Winner,
            ErrorCode = MergedInMarketoCode,
            Message = string.Create(
                CultureInfo.InvariantCulture,
                $"Marketo person {merged.Loser}, linked to {merged.Record}, was merged in Marketo into person {merged.Winner}, which stays linked to {merged.WinnerRecord}. {merged.Record} is no longer linked and its changes no longer sync; nothing was deleted in Dynamics. Merge the two records in Dynamics, or give {merged.Record} its own e-mail to link it again."),
            OccurredOn = now,
        };
    }

    /// <summary>
    /// An e-mail held by a Marketo person linked to another record (issue 18): a record not linked is not linked, and
    /// nothing is written into that person; a linked record's e-mail change is refused for that field.
    /// </summary>
    public static Rejection EmailTaken(EmailConflict conflict, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(conflict);
        var (record, self, email, owner) = conflict;
        var holder = string.Create(CultureInfo.InvariantCulture, $"Marketo person {owner.MarketoId}, which is already linked to {owner.LinkedRecord}");
        return new Rejection
        {
            Direction = SyncDirection.ToMarketo,
            Operation = self is null ? "Link" : "Update",
            Record = record,
            MarketoId = self,
            Fields = [new RejectedField("email", email)],
            ErrorCode = "duplicate-email",
            Message = self is null
                ? $"{record} was not linked: its email '{email}' belongs to {holder}. Nothing was written to that person or record. Give {record} its own email, or merge the duplicates in Dynamics."
                : string.Create(CultureInfo.InvariantCulture, $"The email of {record} was not changed in Marketo (person {self}): '{email}' belongs to {holder}, and two persons with one email would be duplicates. Its other fields synced. Give it its own email, or merge the duplicates in Dynamics."),
            OccurredOn = now,
        };
    }

    /// <summary>
    /// Dynamics refused to write <paramref name="fields"/> of a record (a 4xx answer): its error code and message, or
    /// the HTTP status where it gave none.
    /// </summary>
    public static Rejection DynamicsRefused(
        string operation, RecordKey? record, long marketoId, IEnumerable<PlannedField> fields, string? errorCode, string? message, int status, DateTimeOffset now) => new()
    {
        Direction = SyncDirection.ToDynamics,
        Operation = operation,
        Record = record,
        MarketoId = marketoId,
        Fields = [.. fields.Select(f => new RejectedField(f.Map.Marketo, f.Value))],
        ErrorCode = errorCode ?? status.ToString(CultureInfo.InvariantCulture),
        Message = message ?? $"Dynamics answered {status}.",
        OccurredOn = now,
    };

    /// <summary>A value that does not fit the target's type (DESIGN B14): an unknown label, a value without a label, too
    /// long, not a number. The engine's message names the value and what was expected.</summary>
    public static Rejection InvalidValue(ValueRejection refused, DateTimeOffset now) => new()
    {
        Direction = refused.Direction,
        Operation = "Update",
        Record = refused.Record,
        MarketoId = refused.MarketoId,
        Fields = [new RejectedField(refused.Field, refused.Value)],
        ErrorCode = "invalid-value",
        Message = refused.Message,
        OccurredOn = now,
    };
}
