using CrmSync.Staging;

namespace CrmSync.SyncAgent.Dataverse;

/// <summary>Entity set and primary id of the tables the connector reads and writes.</summary>
internal static class EntityNames
{
    /// <summary>The Web API entity set of a logical name (lead → leads).</summary>
    public static string EntitySet(string logicalName) => logicalName switch
    {
        SyncedEntities.Lead => SyncedEntities.LeadEntitySet,
        SyncedEntities.Contact => SyncedEntities.ContactEntitySet,
        SyncEventTable.LogicalName => SyncEventTable.EntitySetName,
        SyncResultTable.LogicalName => SyncResultTable.EntitySetName,
        "systemuser" => "systemusers",
        _ when Engine.EntityKinds.OneWayFor(logicalName) is { EntitySet: { } set } => set,
        _ => throw new ArgumentException($"Unsupported entity '{logicalName}'.", nameof(logicalName)),
    };

    /// <summary>The primary id attribute of a logical name (lead → leadid).</summary>
    public static string PrimaryId(string logicalName) => logicalName switch
    {
        SyncedEntities.Lead or SyncedEntities.Contact or "systemuser" => logicalName + "id",
        _ when Engine.EntityKinds.OneWayFor(logicalName) is not null => logicalName + "id",
        SyncEventTable.LogicalName => SyncEventTable.PrimaryIdAttribute,
        SyncResultTable.LogicalName => SyncResultTable.PrimaryIdAttribute,
        _ => throw new ArgumentException($"Unsupported entity '{logicalName}'.", nameof(logicalName)),
    };
}
