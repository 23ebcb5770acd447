using System.Collections.Concurrent;
using CrmSync.DataverseEmulator.Admin;
using CrmSync.DataverseEmulator.Metadata;
using CrmSync.DataverseEmulator.Pipeline;
using CrmSync.DataverseEmulator.Security;
using CrmSync.DataverseEmulator.Storage;

namespace CrmSync.DataverseEmulator.Hosting;

/// <summary>Everything one emulated organization holds; shared by the HTTP host and the admin API.</summary>
internal sealed class EmulatorState
{
    private const int MaxLogEntries = 100_000;

    public EmulatorState(TimeProvider time, int? idSeed = null)
    {
        Time = time;
        Schema = new Schema();
        Store = new DataStore(idSeed);
        Users = new UserDirectory();
        Plugins = new PluginRegistry();
        Rules = new RuleSet();
        Counters = new EmulatorCounters();
        Engine = new OrganizationEngine(Schema, Store, Users, Plugins, Rules, time, Counters, line => Traces.Enqueue(line));
        Throttle = new ServiceProtection(time);
        Faults = new FaultInjector();
    }

    public TimeProvider Time { get; }

    public Schema Schema { get; }

    public DataStore Store { get; }

    public UserDirectory Users { get; }

    public PluginRegistry Plugins { get; }

    public RuleSet Rules { get; }

    public EmulatorCounters Counters { get; }

    public OrganizationEngine Engine { get; }

    public ServiceProtection Throttle { get; }

    public FaultInjector Faults { get; }

    public ConcurrentQueue<RequestLogEntry> Log { get; } = new();

    public ConcurrentQueue<string> Traces { get; } = new();

    /// <summary>Organization URL, e.g. http://127.0.0.1:5555 (no trailing slash); set once the server has bound.</summary>
    public string BaseUrl { get; set; } = string.Empty;

    public Uri ServiceRoot => new(BaseUrl + "/api/data/v9.2/");

    public void Record(RequestLogEntry entry)
    {
        Log.Enqueue(entry);
        while (Log.Count > MaxLogEntries && Log.TryDequeue(out _))
        {
        }
    }
}
