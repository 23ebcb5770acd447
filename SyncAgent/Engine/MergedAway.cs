namespace CrmSync.SyncAgent.Engine;

/// <summary>
/// A person merged into another in Marketo while both were linked to different Dynamics records (DESIGN B17): the
/// loser's record is unlinked and told why, like a rejection; nothing in Dynamics is deleted.
/// </summary>
/// <param name="Loser">The person merged away.</param>
/// <param name="Winner">The surviving person.</param>
/// <param name="Record">The loser's record, now unlinked.</param>
/// <param name="WinnerRecord">The record the surviving person stays linked to.</param>
internal sealed record MergedAway(long Loser, long Winner, RecordKey Record, RecordKey WinnerRecord);
