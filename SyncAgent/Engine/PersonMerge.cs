namespace CrmSync.SyncAgent.Engine;

/// <summary>A merge made in Marketo (a Merge Leads activity): <paramref name="Losers"/> were merged into <paramref name="Winner"/> and are gone.</summary>
/// <param name="Winner">The surviving person.</param>
/// <param name="Losers">The persons merged into it.</param>
internal sealed record PersonMerge(long Winner, IReadOnlyList<long> Losers);
