using BenchmarkDotNet.Attributes;

namespace CrmSync.Benchmarks.Micro.Plugin;

/// <summary>
/// <c>SyncEventPlugin.Execute</c> per event, net10.0 build, in-memory services: time and allocations. The only
/// organization service call is the staging row's Create (IOrganizationService has no query on this path).
/// </summary>
[MemoryDiagnoser]
public class PluginExecuteBenchmarks
{
    private PluginWorkload _update = null!;

    [GlobalSetup]
    public void Setup()
    {
        _update = new PluginWorkload(new Guid("c0470000-0000-4000-8000-000000000002"), 7);
        _update.Plugin.Execute(_update.Provider);
        if (_update.Service.Creates != 1)
        {
            throw new InvalidOperationException($"The update event must stage exactly one row; it staged {_update.Service.Creates}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() =>
        Console.WriteLine($"// Plug-in: {_update.Service.Creates} staging rows created, {_update.Tracing.Lines} trace lines, no other service call");

    [Benchmark(Description = "SyncEventPlugin.Execute (contact Update, 3 changed attributes)")]
    public void ExecuteUpdate() => _update.Plugin.Execute(_update.Provider);
}
