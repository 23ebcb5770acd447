namespace CrmSync.SyncAgent.Cluster;

/// <summary>A pair's lease row: who holds it (null when released), in which epoch, until when (database clock).</summary>
internal sealed record LeaseInfo(string Pair, string? Holder, long Epoch, DateTimeOffset ExpiresOn);
