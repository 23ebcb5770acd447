namespace CrmSync.SyncAgent.State;

/// <summary>Names of org/instance pairs (DESIGN B21): <c>CrmSync:Pairs:&lt;name&gt;</c>, or <c>default</c> for the top-level sections.</summary>
internal static class PairNames
{
    /// <summary>The pair of a configuration without <c>CrmSync:Pairs</c>.</summary>
    public const string Default = "default";

    /// <summary>Whether <paramref name="name"/> is 1–40 characters of <c>a-z</c>, <c>0-9</c> and <c>_</c> (it names a database schema).</summary>
    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= 40 } && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_');
}
