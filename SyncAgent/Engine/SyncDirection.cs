namespace CrmSync.SyncAgent.Engine;

/// <summary>Which side a write goes to.</summary>
internal enum SyncDirection
{
    /// <summary>A write to Dynamics (values from Marketo).</summary>
    ToDynamics = 0,

    /// <summary>A write to Marketo (values from Dynamics).</summary>
    ToMarketo = 1,
}
