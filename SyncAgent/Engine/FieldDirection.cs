namespace CrmSync.SyncAgent.Engine;

/// <summary>Which way a mapped field flows (DESIGN B15, configuration <c>Direction</c>).</summary>
internal enum FieldDirection
{
    /// <summary>Both ways; collisions follow the collision rule (B3).</summary>
    Both = 0,

    /// <summary>Dynamics → Marketo only: Marketo's changes are ignored and never written back.</summary>
    ToMarketo,

    /// <summary>Marketo → Dynamics only: Dynamics' changes are ignored and never written back.</summary>
    ToDynamics,
}
