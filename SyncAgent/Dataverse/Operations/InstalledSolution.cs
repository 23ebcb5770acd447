namespace CrmSync.SyncAgent.Dataverse.Operations;

/// <summary>A row of the <c>solutions</c> table.</summary>
internal sealed record InstalledSolution(string UniqueName, string? Version, bool IsManaged);
