using System.Text.Json.Nodes;
using CrmSync.Staging;
using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Setup;

/// <summary>What the plug-in steps should hold: the sync user to skip and the synced columns per entity.</summary>
internal sealed record StepTarget(Guid SyncUserId, IReadOnlyDictionary<SyncEntity, IReadOnlyList<string>> Attributes)
{
    /// <summary>
    /// The synced columns of each enabled one-way kind's table (DESIGN B16, e.g. <c>account</c>); a table missing here is
    /// missing from the configuration, so the plug-in stages nothing of it.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ObjectAttributes { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The columns an Update step of <paramref name="table"/> filters on and a pre-image carries.</summary>
    public IReadOnlyList<string> TrackedColumns(string table) =>
        SyncEntityNames.TryParse(table, out var entity) ? TrackedColumns(entity) : ObjectAttributes.GetValueOrDefault(table) ?? [];

    /// <summary>
    /// The columns an Update step filters on and a pre-image carries: the synced ones, the sync filter (a No→Yes flip
    /// must fire the step, B11) and, on contact, <c>originatingleadid</c> (lead conversion, B10).
    /// </summary>
    public IReadOnlyList<string> TrackedColumns(SyncEntity entity) =>
        [.. Attributes[entity], SyncFilter.AttributeName, .. entity == SyncEntity.Contact ? [SyncedEntities.OriginatingLeadAttribute] : Array.Empty<string>()];

    /// <summary>The steps' unsecure configuration JSON (the plug-in's <c>SyncConfiguration</c> format).</summary>
    public string ToConfigurationJson()
    {
        var attributes = new JsonObject
        {
            [SyncedEntities.Lead] = new JsonArray([.. Attributes[SyncEntity.Lead].Select(a => (JsonNode)a)]),
            [SyncedEntities.Contact] = new JsonArray([.. Attributes[SyncEntity.Contact].Select(a => (JsonNode)a)]),
        };
        foreach (var (table, columns) in ObjectAttributes)
        {
            attributes[table] = new JsonArray([.. columns.Select(a => (JsonNode)a)]);
        }

        return new JsonObject
        {
            [PluginStepConfiguration.SyncUserId] = SyncUserId.ToString("D"),
            [PluginStepConfiguration.Attributes] = attributes,
        }.ToJsonString();
    }
}
