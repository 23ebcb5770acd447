using CrmSync.MarketoEmulator.Rest;

namespace CrmSync.MarketoEmulator.Leads;

/// <summary>Per-record result of Sync Leads: created/updated with an id, or skipped with a reason.</summary>
internal readonly record struct LeadWriteOutcome(int? Id, string Status, MarketoReason? Reason)
{
    public static LeadWriteOutcome Skipped(MarketoReason reason) => new(null, "skipped", reason);
}
