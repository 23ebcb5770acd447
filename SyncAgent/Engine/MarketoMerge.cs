namespace CrmSync.SyncAgent.Engine;

/// <summary>
/// A Dynamics merge of two linked records (DESIGN B17): Merge Leads of <paramref name="Loser"/> into
/// <paramref name="Winner"/>, so one person remains, linked to the master, with the master's person's values.
/// </summary>
/// <param name="Winner">The master record's person; it keeps its link and its values.</param>
/// <param name="Loser">The subordinate record's person; Marketo deletes it, its link is dropped.</param>
/// <param name="Master">The master record (the Merge's Target).</param>
/// <param name="Subordinate">The record merged into the master.</param>
internal sealed record MarketoMerge(long Winner, long Loser, RecordKey Master, RecordKey Subordinate);
