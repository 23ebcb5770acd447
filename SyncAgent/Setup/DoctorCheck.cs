namespace CrmSync.SyncAgent.Setup;

/// <summary>The outcome of one doctor check.</summary>
/// <param name="Detail">What was found.</param>
/// <param name="Fix">What to do when it failed; null when it passed.</param>
internal sealed record DoctorCheck(string Name, bool Passed, string Detail, string? Fix)
{
    public static DoctorCheck Pass(string name, string detail) => new(name, true, detail, null);

    public static DoctorCheck Fail(string name, string detail, string fix) => new(name, false, detail, fix);
}
