namespace CrmSync.DataverseEmulator.Tests.Support;

/// <summary>The managed solution zip the build packs (solution/CrmSync.Solution.csproj), as users import it.</summary>
internal static class SolutionZip
{
    public static string Path
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "CrmSync.sln")))
            {
                directory = directory.Parent;
            }

            var folder = System.IO.Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Repository root not found."), "artifacts", "solution");
            return Directory.GetFiles(folder, "CrmSync_*_managed.zip").Single();
        }
    }
}
