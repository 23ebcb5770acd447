using System.CommandLine;
using CrmSync.SolutionPackager;

namespace CrmSync.SyncAgent.Cli;

/// <summary><c>crmsync solution pack [--output dir] [--source dir] [--plugin dll]</c>: the managed Dataverse solution zip.</summary>
internal static class SolutionCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var output = new Option<string?>("--output") { Description = "Folder (or .zip path) to write; default artifacts/solution/ of the repository" };
        var source = new Option<string?>("--source") { Description = "The unpacked solution folder; default solution/src of the repository" };
        var plugin = new Option<string?>("--plugin") { Description = "The net462 CrmSync.Plugins.dll; default the newest build under Plugins/bin" };
        var pack = new Command("pack", "Pack the managed solution (CrmSync_<version>_managed.zip) with the plug-in") { output, source, plugin };
        pack.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var root = FindRepositoryRoot();
            var sourceDir = parseResult.GetValue(source) ?? (root is null ? null : Path.Combine(root, "solution", "src"));
            var pluginPath = parseResult.GetValue(plugin) ?? (root is null ? null : NewestPlugin(root));
            if (sourceDir is null || pluginPath is null)
            {
                await error.WriteLineAsync("crmsync: cannot find the solution source or the net462 plug-in build; run inside the repository after `dotnet build`, or pass --source and --plugin.").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            var outputPath = parseResult.GetValue(output) ?? Path.Combine(root ?? Directory.GetCurrentDirectory(), "artifacts", "solution") + Path.DirectorySeparatorChar;
            if (!outputPath.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            {
                Directory.CreateDirectory(outputPath);
                outputPath = outputPath.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            }

            try
            {
                var result = SolutionPackager.SolutionPackager.Pack(new SolutionPackOptions { SourceDirectory = sourceDir, PluginAssemblyPath = pluginPath, OutputPath = outputPath });
                await parseResult.InvocationConfiguration.Output.WriteLineAsync($"Packed {result.UniqueName} {result.Version} (managed) with {result.PluginAssemblyFullName} -> {result.OutputPath}").ConfigureAwait(false);
                return ExitCodes.Success;
            }
            catch (SolutionPackException ex)
            {
                await error.WriteLineAsync("crmsync: " + ex.Message).ConfigureAwait(false);
                return ExitCodes.Failure;
            }
        });
        return new Command("solution", "The Dynamics solution") { pack };
    }

    private static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "solution", "src", "Other", "Solution.xml")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    private static string? NewestPlugin(string root)
    {
        var bin = Path.Combine(root, "Plugins", "bin");
        return Directory.Exists(bin)
            ? new DirectoryInfo(bin).EnumerateFiles("CrmSync.Plugins.dll", SearchOption.AllDirectories)
                .Where(f => f.Directory?.Name == "net462")
                .OrderByDescending(f => f.LastWriteTimeUtc)
                .FirstOrDefault()?.FullName
            : null;
    }
}
