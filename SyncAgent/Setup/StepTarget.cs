using System.Text.Json.Nodes;
using CrmSync.Staging;
using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Setup;

/// <summary>What the plug-in steps should hold: the sync user to skip and the synced columns per entity.</summary>
internal sealed record StepTarget(Guid SyncUserId, IReadOnlyDictionary<SyncEntity, IReadOnlyList<string>> Attributes)
{
    /// <summary>
    /// The columns an Update step filters on and a pre-image carries: the synced ones, the sync filter (a No→Yes flip
    /// must fire the step, B11) and, on contact, <c>originatingleadid</c> (lead conversion, B10).
    /// </summary>
    public IReadOnlyList<string> TrackedColumns(SyncEntity entity) =>
        [.. Attributes[entity], SyncFilter.AttributeName, .. entity == SyncEntity.Contact ? [SyncedEntities.OriginatingLeadAttribute] : Array.Empty<string>()];

    /// <summary>The steps' unsecure configuration JSON (the plug-in's <c>SyncConfiguration</c> format).</summary>
    public string ToConfigurationJson() => new JsonObject
    {
        [PluginStepConfiguration.SyncUserId] = SyncUserId.ToString("D"),
        [PluginStepConfiguration.Attributes] = new JsonObject
        {
            [SyncedEntities.Lead] = new JsonArray([.. Attributes[SyncEntity.Lead].Select(a => (JsonNode)a)]),
            [SyncedEntities.Contact] = new JsonArray([.. Attributes[SyncEntity.Contact].Select(a => (JsonNode)a)]),
        },
    }.ToJsonString();
}
