namespace CrmSync.Plugins.Tests.Solution;

/// <summary>Where the repository, the packed solution and the shared reference data are.</summary>
internal static class SolutionTestPaths
{
    public const string ZipFileName = "CrmSync_1.0.0.0_managed.zip";

    /// <summary>The repository root: the first ancestor of the test output that holds CrmSync.sln.</summary>
    public static string RepoRoot { get; } = FindAncestor(
        directory => File.Exists(Path.Combine(directory, "CrmSync.sln")),
        "CrmSync.sln");

    /// <summary>
    /// The shared reference folder. Locally it is /work/shared; CI clones the repository with
    /// <c>shared/</c> beside it (<c>../shared</c>). Both are "a <c>shared</c> folder next to an ancestor".
    /// </summary>
    public static string SharedRoot { get; } = Path.Combine(
        FindAncestor(
            directory => Directory.Exists(Path.Combine(directory, "shared", "reference", "dataverse-solution")),
            "shared/reference/dataverse-solution"),
        "shared");

    public static string ZipPath => Path.Combine(RepoRoot, "artifacts", "solution", ZipFileName);

    public static string SourceDirectory => Path.Combine(RepoRoot, "solution", "src");

    public static string SchemaFolder(string folder) =>
        Path.Combine(SharedRoot, "reference", "dataverse-solution", folder);

    private static string FindAncestor(Func<string, bool> isMatch, string lookingFor)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (isMatch(directory.FullName))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ancestor of {AppContext.BaseDirectory} has {lookingFor}.");
    }
}
