using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>A Dynamics record without an email cannot be matched to a Marketo person.</summary>
internal static class NoEmail
{
    /// <summary>The rejection that says so, in status.</summary>
    public static Rejection Rejection(RecordKey record, string operation, DateTimeOffset now) => new()
    {
        Direction = SyncDirection.ToMarketo,
        Operation = operation,
        Record = record,
        ErrorCode = "no-email",
        Message = $"{record} has no email. CrmSync matches Marketo persons by email: give the record an email to sync it (or set crmsync_synctomarketo to No).",
        OccurredOn = now,
    };
}
