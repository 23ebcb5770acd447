using CrmSync.SolutionPackager;

// Command line for the build step: the library does the work (SolutionPackager.Pack).
const string Usage = "usage: CrmSync.SolutionPackager --source <folder> --plugin <CrmSync.Plugins.dll> --output <zip or folder/>";

var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    arguments[args[i]] = args[i + 1];
}

if (args.Length % 2 != 0
    || !arguments.TryGetValue("--source", out var source)
    || !arguments.TryGetValue("--plugin", out var plugin)
    || !arguments.TryGetValue("--output", out var output))
{
    await Console.Error.WriteLineAsync(Usage).ConfigureAwait(false);
    return 2;
}

try
{
    var result = SolutionPackager.Pack(new SolutionPackOptions
    {
        SourceDirectory = source,
        PluginAssemblyPath = plugin,
        OutputPath = output,
    });
    Console.WriteLine($"Packed {result.UniqueName} {result.Version} (managed) with {result.PluginAssemblyFullName} -> {result.OutputPath}");
    return 0;
}
catch (SolutionPackException exception)
{
    // MSBuild shows "error:" lines from Exec as build errors.
    await Console.Error.WriteLineAsync($"error: {exception.Message}").ConfigureAwait(false);
    return 1;
}
