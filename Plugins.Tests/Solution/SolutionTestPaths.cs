namespace CrmSync.Plugins.Tests.Solution;

/// <summary>Where the repository, the packed solution and the vendored schema set are.</summary>
internal static class SolutionTestPaths
{
    public const string ZipFileName = "CrmSync_1.0.0.0_managed.zip";

    /// <summary>The repository root: the first ancestor of the test output that holds CrmSync.sln.</summary>
    public static string RepoRoot { get; } = FindAncestor(
        directory => File.Exists(Path.Combine(directory, "CrmSync.sln")),
        "CrmSync.sln");

    public static string ZipPath => Path.Combine(RepoRoot, "artifacts", "solution", ZipFileName);

    public static string SourceDirectory => Path.Combine(RepoRoot, "solution", "src");

    /// <summary>A folder of Microsoft's solution schema set, vendored in <c>solution/schemas/</c> (see its README).</summary>
    public static string SchemaFolder(string folder) => Path.Combine(RepoRoot, "solution", "schemas", folder);

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
