namespace CrmSync.SyncAgent.Alerts;

/// <summary>What was sent for one alert, kept in the state (marker <c>alert:&lt;kind&gt;</c>) so a restart does not send it again.</summary>
internal sealed record AlertRecord
{
    /// <summary>When the condition was first seen.</summary>
    public DateTimeOffset Since { get; init; }

    /// <summary>The text that was sent.</summary>
    public string Text { get; init; } = "";

    /// <summary>True once the condition cleared and the "resolved" message is being sent.</summary>
    public bool Resolving { get; init; }

    /// <summary>Channels that received the alert.</summary>
    public List<string> Alerted { get; init; } = [];

    /// <summary>Channels that received the "resolved" message.</summary>
    public List<string> ResolvedTo { get; init; } = [];
}
