using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.Xrm.Sdk;

namespace CrmSync.DataverseEmulator.Pipeline;

/// <summary>Loaded plug-in assemblies, registered steps, and cached plug-in instances.</summary>
internal sealed class PluginRegistry
{
    private readonly ConcurrentDictionary<Guid, Assembly> _assemblies = new();
    private readonly ConcurrentDictionary<(Guid Step, string? Unsecure, string? Secure), IPlugin> _instances = new();
    private ImmutableList<PluginStep> _steps = [];

    /// <summary>Loads an assembly's bytes (the DLL from the solution zip) into its own context.</summary>
    public Assembly Load(Guid assemblyId, string name, byte[] image)
    {
        var context = new PluginLoadContext(name);
        using var stream = new MemoryStream(image, writable: false);
        var assembly = context.LoadFromStream(stream);
        _assemblies[assemblyId] = assembly;
        return assembly;
    }

    public void Register(PluginStep step)
    {
        ImmutableInterlocked.Update(ref _steps, l => l.RemoveAll(s => s.Id == step.Id).Add(step));
        foreach (var key in _instances.Keys.Where(k => k.Step == step.Id))
        {
            _instances.TryRemove(key, out _);
        }
    }

    public bool HasSteps(string table, string message) => _steps.Any(s => s.PrimaryEntity == table && s.Message == message);

    public IEnumerable<PluginStep> StepsFor(string table, string message, int stage) =>
        _steps.Where(s => s.PrimaryEntity == table && s.Message == message && s.Stage == stage && s.Mode == 0).OrderBy(s => s.Rank);

    /// <summary>The plug-in instance for a step and configuration; instances are cached like the platform does.</summary>
    public IPlugin Instance(PluginStep step, string? unsecure, string? secure) =>
        _instances.GetOrAdd((step.Id, unsecure, secure), _ => Create(step, unsecure, secure));

    private IPlugin Create(PluginStep step, string? unsecure, string? secure)
    {
        if (!_assemblies.TryGetValue(step.PluginAssemblyId, out var assembly))
        {
            throw new InvalidOperationException($"Plug-in assembly {step.PluginAssemblyId} of step '{step.Name}' is not loaded.");
        }

        var typeName = step.PluginTypeName.Split(',')[0].Trim();
        var type = assembly.GetType(typeName, throwOnError: true)!;
        var withConfig = type.GetConstructor([typeof(string), typeof(string)]);
        var instance = withConfig is not null ? withConfig.Invoke([unsecure, secure]) : Activator.CreateInstance(type);
        return instance as IPlugin ?? throw new InvalidOperationException($"Type '{typeName}' does not implement IPlugin.");
    }
}
