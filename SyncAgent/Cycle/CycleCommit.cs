using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>What a cycle's writes changed, committed to the state store in one transaction once they landed.</summary>
internal sealed class CycleCommit
{
    /// <summary>Persons linked this cycle (created or matched by email in Marketo).</summary>
    public List<Link> NewLinks { get; } = [];

    /// <summary>Persons to unlink, with the reason shown in status.</summary>
    public List<(long MarketoId, string Reason)> Unlinks { get; } = [];

    /// <summary>Agreed values after the writes that landed.</summary>
    public List<ShadowValue> Shadows { get; } = [];

    /// <summary>Records or values the other side refused.</summary>
    public List<Rejection> Rejections { get; } = [];

    /// <summary>Dynamics records written.</summary>
    public int DynamicsWritten { get; set; }

    /// <summary>Marketo persons written.</summary>
    public int MarketoWritten { get; set; }
}
