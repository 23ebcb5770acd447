namespace CrmSync.SyncAgent.Engine;

/// <summary>One option of a Dynamics choice column: its value and its label in the configured language.</summary>
/// <param name="Value">The option's integer value.</param>
/// <param name="Label">The label; null when the option has no label in that language.</param>
internal sealed record OptionLabel(int Value, string? Label);
