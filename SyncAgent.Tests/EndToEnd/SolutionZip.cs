namespace CrmSync.SyncAgent.Tests.EndToEnd;

/// <summary>The managed solution zip the build packs (artifacts/solution/CrmSync_&lt;version&gt;_managed.zip).</summary>
internal static class SolutionZip
{
    private static readonly Lazy<string> Found = new(() =>
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "CrmSync.sln")))
        {
            directory = directory.Parent;
        }

        var folder = System.IO.Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Repository root not found."), "artifacts", "solution");
        return Directory.GetFiles(folder, "CrmSync_*_managed.zip").Single();
    });

    public static string Path => Found.Value;
}
