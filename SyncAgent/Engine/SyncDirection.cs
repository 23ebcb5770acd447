namespace CrmSync.SyncAgent.Engine;

/// <summary>Which side a write goes to.</summary>
internal enum SyncDirection
{
    /// <summary>A write to Dynamics (values from Marketo).</summary>
    ToDynamics = 0,

    /// <summary>A write to Marketo (values from Dynamics).</summary>
    ToMarketo = 1,
}

/// <summary>Texts for <see cref="SyncDirection"/>.</summary>
internal static class SyncDirectionLabels
{
    /// <summary>The direction as shown to people: <c>to Dynamics</c> or <c>to Marketo</c>.</summary>
    public static string ToLabel(this SyncDirection direction) =>
        direction == SyncDirection.ToDynamics ? "to Dynamics" : "to Marketo";
}
