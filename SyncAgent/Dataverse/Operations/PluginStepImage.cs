namespace CrmSync.SyncAgent.Dataverse.Operations;

/// <summary>An <c>sdkmessageprocessingstepimage</c>: the columns a step's pre-image carries.</summary>
/// <param name="Attributes">Comma-separated attribute names (empty: all columns).</param>
internal sealed record PluginStepImage(Guid Id, Guid StepId, string? EntityAlias, string? Attributes);
