namespace CrmSync.Demo;

/// <summary>
/// Finds the managed solution the build packs (<c>CrmSync_&lt;version&gt;_managed.zip</c>, solution/CrmSync.Solution.csproj):
/// beside crmsync in a published layout (<c>solution/</c>), else in <c>artifacts/solution</c> of the checkout it runs
/// from. The demo, the tests and the benchmarks all import this one file; the emulator tests, which do not reference
/// the agent, compile this source file in.
/// </summary>
internal static class PackedSolution
{
    private const string Pattern = "CrmSync_*_managed.zip";

    /// <summary>The packed zip; the newest when a folder holds several versions.</summary>
    public static string Find()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "solution");
        if (Newest(beside) is { } packed)
        {
            return packed;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (Newest(Path.Combine(directory.FullName, "artifacts", "solution")) is { } built)
            {
                return built;
            }
        }

        throw new FileNotFoundException(
            "The managed solution CrmSync_<version>_managed.zip was not found beside crmsync or in artifacts/solution; build it with `dotnet build CrmSync.sln`.");
    }

    private static string? Newest(string folder) =>
        Directory.Exists(folder) ? Directory.GetFiles(folder, Pattern).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault() : null;
}
