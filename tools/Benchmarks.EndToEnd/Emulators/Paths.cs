namespace CrmSync.Benchmarks.EndToEnd.Emulators;

/// <summary>Files the benchmark needs from the repository.</summary>
internal static class Paths
{
    /// <summary>The managed solution the build packs (artifacts/solution/CrmSync_&lt;version&gt;_managed.zip).</summary>
    public static string SolutionZip
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CrmSync.sln")))
            {
                directory = directory.Parent;
            }

            var folder = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Repository root not found."), "artifacts", "solution");
            return Directory.GetFiles(folder, "CrmSync_*_managed.zip").Single();
        }
    }
}
