namespace CrmSync.MarketoEmulator.Activities;

/// <summary>A secondary attribute of an activity: the REST API reports <c>{name, value}</c>.</summary>
/// <param name="Name">Display name, e.g. <c>Source</c>.</param>
/// <param name="Value">String, number or boolean.</param>
/// <param name="ApiName">For custom activity attributes, the attribute's API name.</param>
public sealed record MarketoActivityAttribute(string Name, object? Value, string? ApiName = null);
