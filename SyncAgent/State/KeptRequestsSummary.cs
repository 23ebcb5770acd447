namespace CrmSync.SyncAgent.State;

/// <summary>The sync-person requests accepted and kept in the state, not finished yet (issue 18 item 4).</summary>
/// <param name="Count">How many are kept (a request being carried out right now counts until its link commits).</param>
/// <param name="OldestAcceptedOn">When the oldest was accepted (its reservation committed); null when none is kept.</param>
internal sealed record KeptRequestsSummary(int Count, DateTimeOffset? OldestAcceptedOn);
