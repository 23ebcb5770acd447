using System.ComponentModel.DataAnnotations;
using CrmSync.SyncAgent.Validation;

namespace CrmSync.SyncAgent.Configuration;

/// <summary>Section <c>CrmSync:Cluster</c>: leases of pairs between agents sharing a PostgreSQL state (DESIGN B21).</summary>
internal sealed class ClusterOptions
{
    /// <summary>The section's key.</summary>
    public const string SectionName = "CrmSync:Cluster";

    /// <summary>How long a lease lasts without renewal; a dead agent's pairs are taken over within this plus one poll.</summary>
    [TimeSpanRange("00:00:02", "01:00:00", ErrorMessage = "CrmSync:Cluster:LeaseDuration must be between 00:00:02 and 01:00:00.")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often leases are renewed and free pairs looked for; default a quarter of the lease duration.</summary>
    public TimeSpan? PollInterval { get; set; }

    /// <summary>This agent's name in the lease rows; default host name, process id and a random suffix.</summary>
    public string? HolderId { get; set; }

    /// <summary>The poll interval in effect.</summary>
    public TimeSpan EffectivePollInterval => PollInterval is { } poll && poll > TimeSpan.Zero ? poll : LeaseDuration / 4;
}
