namespace CrmSync.SyncAgent.Engine;

/// <summary>A field's collision override (configuration <c>winner</c>).</summary>
internal enum CollisionWinner
{
    /// <summary>No override: lead → Marketo wins, contact → Dynamics wins (DESIGN B3).</summary>
    Default = 0,

    /// <summary>Dynamics always wins.</summary>
    Dynamics,

    /// <summary>Marketo always wins.</summary>
    Marketo,

    /// <summary>The later change wins; a tie falls back to the default rule.</summary>
    Newest,
}
