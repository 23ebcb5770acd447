using CrmSync.DataverseEmulator.Admin;
using CrmSync.DataverseEmulator.Security;

namespace CrmSync.DataverseEmulator;

/// <summary>How an emulator starts.</summary>
public sealed class DataverseEmulatorOptions
{
    /// <summary>Loopback URL to bind; port 0 (the default) picks a free port. Non-loopback hosts are refused.</summary>
    public string Url { get; set; } = "http://127.0.0.1:0";

    /// <summary>The clock for createdon/modifiedon, OperationCreatedOn and the throttling window.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Seed for server-assigned record ids (random GUIDs, in no creation order, as Dataverse assigns them), so a
    /// failing run can be replayed; null (the default) uses <see cref="Guid.NewGuid"/>.
    /// </summary>
    public int? IdSeed { get; set; }

    /// <summary>Users besides the built-in sync and maker users.</summary>
    public IList<EmulatorUser> Users { get; } = [];

    /// <summary>Fixed bearer tokens by client id (e.g. <c>crmsync-sync</c> → <c>"sync-token"</c>), accepted besides issued tokens.</summary>
    public IDictionary<string, string> StaticTokens { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Custom choice columns (e.g. a multi-select choice) added to the standard tables at start.</summary>
    public IList<ChoiceColumn> ChoiceColumns { get; } = [];

    /// <summary>Service protection limits per user.</summary>
    public ServiceProtectionLimits ServiceProtection { get; set; } = new();

    /// <summary>A solution zip to import at start, or null.</summary>
    public string? SolutionPath { get; set; }

    /// <summary>Write ASP.NET Core logs to the console (the standalone host turns this on).</summary>
    public bool ConsoleLogging { get; set; }
}
