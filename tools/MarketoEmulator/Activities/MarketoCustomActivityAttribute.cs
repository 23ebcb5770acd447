namespace CrmSync.MarketoEmulator.Activities;

/// <summary>An attribute of a custom activity type.</summary>
public sealed record MarketoCustomActivityAttribute(string ApiName, string Name, string? Description, string DataType);
