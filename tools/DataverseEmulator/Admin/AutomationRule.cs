namespace CrmSync.DataverseEmulator.Admin;

/// <summary>
/// A server-side reaction, like a synchronous workflow or business rule: when a create or update
/// writes <see cref="TriggerColumn"/>, the platform updates <see cref="TargetColumn"/> of the same
/// record to <see cref="Compute"/>(new trigger value) in a nested operation (depth + 1, same
/// initiating user), which runs the registered steps again.
/// </summary>
/// <param name="Table">Table logical name.</param>
/// <param name="TriggerColumn">The column whose write triggers the reaction.</param>
/// <param name="TargetColumn">The column the reaction sets.</param>
/// <param name="Compute">New target value from the new trigger value (CLR or SDK types).</param>
public sealed record AutomationRule(string Table, string TriggerColumn, string TargetColumn, Func<object?, object?> Compute);
