namespace CrmSync.MarketoEmulator.Activities;

/// <summary>A Change Data Value entry: <c>{id, name, newValue, oldValue}</c> as Get Lead Changes reports it.</summary>
public sealed record MarketoFieldChange(int Id, string Name, string? NewValue, string? OldValue);
