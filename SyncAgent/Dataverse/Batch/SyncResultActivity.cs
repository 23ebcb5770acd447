using System.Text.Json.Nodes;
using CrmSync.Staging;

namespace CrmSync.SyncAgent.Dataverse.Batch;

/// <summary>Builds the create of a <c>crmsync_syncresult</c> activity regarding a lead or contact.</summary>
internal static class SyncResultActivity
{
    /// <summary>
    /// The single-valued navigation property of <c>regardingobjectid</c> for a target table. Dataverse names the
    /// system-generated regarding relationships of an activity <c>regardingobjectid_&lt;target&gt;_&lt;activity&gt;</c>
    /// (as <c>regardingobjectid_contact_task</c> on task): <c>regardingobjectid_lead_crmsync_syncresult</c>.
    /// </summary>
    public static string RegardingNavigationProperty(string entity) =>
        $"{SyncResultTable.RegardingObjectId}_{entity}_{SyncResultTable.LogicalName}";

    /// <summary>
    /// A create (upsert with a client-chosen <paramref name="activityId"/>, so a retry cannot duplicate it) of a
    /// sync-result activity regarding <paramref name="entity"/> <paramref name="recordId"/>. The regarding record is
    /// bound by its absolute URI under <paramref name="serviceRoot"/> (<see cref="DataverseClient.ServiceRoot"/>).
    /// </summary>
    public static RecordWrite Create(Uri serviceRoot, string key, Guid activityId, string entity, Guid recordId, string subject, string? description, int outcome, string? fields, string? marketoId)
    {
        var body = new JsonObject
        {
            [SyncResultTable.Subject] = Truncate(subject, 200),
            [SyncResultTable.Description] = description,
            [SyncResultTable.Outcome] = outcome,
            [SyncResultTable.Fields] = fields,
            [SyncResultTable.MarketoId] = marketoId,
            [RegardingNavigationProperty(entity) + "@odata.bind"] = ODataValues.BindUri(serviceRoot, entity, recordId),
        };
        return RecordWrite.Create(key, SyncResultTable.LogicalName, activityId, body);
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
