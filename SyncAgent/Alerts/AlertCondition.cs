namespace CrmSync.SyncAgent.Alerts;

/// <summary>A condition that holds now, with the text that describes it.</summary>
/// <param name="Kind">Which condition.</param>
/// <param name="Text">What an operator reads: what happened, since when, what to look at.</param>
internal sealed record AlertCondition(AlertKind Kind, string Text);
