using System.Text.Json.Nodes;
using CrmSync.Staging;

namespace CrmSync.SyncAgent.Dataverse.Batch;

/// <summary>Builds the create of a <c>crmsync_syncresult</c> activity regarding a lead or contact.</summary>
internal static class SyncResultActivity
{
    /// <summary>
    /// The single-valued navigation property of <c>regardingobjectid</c> for a target table, as declared by the
    /// solution's relationships: <c>regardingobjectid_lead</c>, <c>regardingobjectid_contact</c>.
    /// </summary>
    public static string RegardingNavigationProperty(string entity) => SyncResultTable.RegardingObjectId + "_" + entity;

    /// <summary>
    /// A create (upsert with a client-chosen <paramref name="activityId"/>, so a retry cannot duplicate it) of a
    /// sync-result activity regarding <paramref name="entity"/> <paramref name="recordId"/>.
    /// </summary>
    public static RecordWrite Create(string key, Guid activityId, string entity, Guid recordId, string subject, string? description, int outcome, string? fields, string? marketoId)
    {
        var body = new JsonObject
        {
            [SyncResultTable.Subject] = Truncate(subject, 200),
            [SyncResultTable.Description] = description,
            [SyncResultTable.Outcome] = outcome,
            [SyncResultTable.Fields] = fields,
            [SyncResultTable.MarketoId] = marketoId,
            [RegardingNavigationProperty(entity) + "@odata.bind"] = $"/{EntityNames.EntitySet(entity)}({recordId:D})",
        };
        return RecordWrite.Create(key, SyncResultTable.LogicalName, activityId, body);
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
