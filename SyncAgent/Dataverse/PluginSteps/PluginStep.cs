namespace CrmSync.SyncAgent.Dataverse.PluginSteps;

/// <summary>One registered step of the CrmSync plug-in.</summary>
/// <param name="Message">Create, Update or Delete (null if it could not be read).</param>
/// <param name="Entity">lead or contact (null if it could not be read).</param>
/// <param name="Configuration">The unsecure configuration JSON.</param>
/// <param name="FilteringAttributes">Comma-separated attribute names.</param>
/// <param name="Enabled">statecode 0.</param>
internal sealed record PluginStep(Guid Id, string? Name, string? Message, string? Entity, string? Configuration, string? FilteringAttributes, int? Stage, int? Mode, bool Enabled);
