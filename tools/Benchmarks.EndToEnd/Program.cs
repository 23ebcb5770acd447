using CrmSync.Benchmarks.EndToEnd.Emulators;
using CrmSync.Benchmarks.EndToEnd.Report;
using CrmSync.Benchmarks.EndToEnd.Scenarios;

// dotnet run -c Release --project tools/Benchmarks.EndToEnd [-- --full]
// Internal roles (this program started again): --role emulators | --role backfill --records N
var role = Option("--role");
if (role == "emulators")
{
    return await EmulatorHost.RunAsync();
}

if (role == "backfill")
{
    return await BackfillBenchmark.RunAsync(int.Parse(Option("--records") ?? "100000", System.Globalization.CultureInfo.InvariantCulture));
}

if (role == "chunks")
{
    var killAfter = Option("--kill-after") is { } seconds ? TimeSpan.FromSeconds(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)) : (TimeSpan?)null;
    return await ChunksBenchmark.RunAsync(
        int.Parse(Option("--persons")!, System.Globalization.CultureInfo.InvariantCulture), Option("--side")!,
        int.Parse(Option("--chunk-size")!, System.Globalization.CultureInfo.InvariantCulture), killAfter);
}

if (role == "chunks-cycle")
{
    var ready = System.Text.Json.JsonSerializer.Deserialize<EmulatorReady>(Option("--ready")!, EmulatorJson.Options)!;
    var settings = new Dictionary<string, string?>();
    for (var i = 0; i + 1 < args.Length; i++)
    {
        if (args[i] == "--set" && args[i + 1].Split('=', 2) is [var key, var value])
        {
            settings[key] = value;
        }
    }

    return await ChunksBenchmark.RunCycleAsync(ready, settings);
}

var full = args.Contains("--full");
var only = Option("--only");
var results = new ResultTable();
Console.WriteLine($"CrmSync end-to-end benchmark ({(full ? "full" : "default")} run): {Environment.ProcessorCount} cores, .NET {Environment.Version}");
if (only is null or "planning")
{
    PlanningBenchmark.Run(results);
}

if (only is null or "cycles")
{
    await new CycleBenchmark(full, results).RunAsync();
}

if (only is null or "backfill")
{
    // --backfill-sizes 20000,200000 compares other sizes (the target's 100,000 and 1,000,000 need --full).
    var sizes = Option("--backfill-sizes")?.Split(',').Select(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    if (Option("--memory-rate-window") is { } window)
    {
        Environment.SetEnvironmentVariable("CRMSYNC_BENCH_MEMORY_RATE_WINDOW", window);
        Console.WriteLine($"Backfill memory only: Marketo's rate window is {window} s (100 calls per window) in the emulator and the agent; figures of pace are not comparable.");
    }

    await BackfillBenchmark.CompareAsync(full, results, sizes is [var small, var large] ? (small, large) : null);
}

if (only is null or "dataverse-limit")
{
    // --dataverse-writes N changes the size (the issue's 200,000 by default).
    await DataverseLimitBenchmark.RunAsync(int.Parse(Option("--dataverse-writes") ?? "200000", System.Globalization.CultureInfo.InvariantCulture), results);
}

if (only is null or "chunks")
{
    // Default run: 2,000 vs 20,000 persons at ChunkSize 1,000; --full: the target's 100,000 vs 1,000,000 at 20,000.
    // --chunk-sizes 10000,100000 compares other sizes; --chunk-size N;
    // --chunk-side marketo|dynamics runs one side's bulk update only.
    var sizes = Option("--chunk-sizes")?.Split(',').Select(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    await ChunksBenchmark.CompareAsync(full, results, sizes is [var small, var large] ? (small, large) : null,
        int.Parse(Option("--chunk-size") ?? (full ? "20000" : "1000"), System.Globalization.CultureInfo.InvariantCulture), Option("--chunk-side"));
}

if (only is null or "sync-person")
{
    await SyncPersonBenchmark.RunAsync(results);
}

if (only is null or "webhook-load")
{
    // 2 × 1,000 webhook calls, about 2 minutes (issue 17).
    // --spans logs each call's step durations (PersonSyncService, event 6200) at Debug: the p99 profile.
    await WebhookLoadBenchmark.RunAsync(results, args.Contains("--spans"));
}

Console.WriteLine();
Console.WriteLine(results);
return 0;

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
