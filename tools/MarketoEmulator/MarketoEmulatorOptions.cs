using CrmSync.MarketoEmulator.Leads;

namespace CrmSync.MarketoEmulator;

/// <summary>Settings for one <see cref="MarketoEmulator"/> instance.</summary>
public sealed class MarketoEmulatorOptions
{
    /// <summary>The default client id accepted by the identity endpoint.</summary>
    public const string DefaultClientId = "crmsync-dev";

    /// <summary>The secret of <see cref="DefaultClientId"/>.</summary>
    public const string DefaultClientSecret = "crmsync-dev-secret";

    /// <summary>
    /// The URL to listen on. Only IPv4 loopback (127.0.0.1) is accepted; port 0 picks a free port.
    /// </summary>
    public string Url { get; set; } = "http://127.0.0.1:0";

    /// <summary>The clock for tokens, quota days, rate windows, delays and record timestamps.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Client id → client secret pairs the identity endpoint accepts.</summary>
    public IDictionary<string, string> Clients { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [DefaultClientId] = DefaultClientSecret,
    };

    /// <summary>Lifetime of an access token (Marketo: 3600 s).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(3600);

    /// <summary>Limits; the instance reads them on every call, so they can be changed while running.</summary>
    public MarketoLimitOptions Limits { get; } = new();

    /// <summary>Custom lead fields added to the standard describe schema.</summary>
    public IList<MarketoFieldDefinition> CustomFields { get; } = new List<MarketoFieldDefinition>();

    /// <summary>Seed of the fault-injection random generator (fixed by default so runs repeat).</summary>
    public int FaultSeed { get; set; } = 1234;

    /// <summary>How many request-log entries are kept (oldest are dropped first).</summary>
    public int RequestLogCapacity { get; set; } = 10_000;

    /// <summary>Write ASP.NET Core logs to the console (the standalone host turns this on).</summary>
    public bool ConsoleLogging { get; set; }
}
