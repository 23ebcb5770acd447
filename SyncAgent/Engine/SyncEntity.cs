using CrmSync.Staging;

namespace CrmSync.SyncAgent.Engine;

/// <summary>The Dynamics tables CrmSync syncs.</summary>
internal enum SyncEntity
{
    /// <summary>A Dynamics lead: Marketo wins collisions by default (DESIGN B3).</summary>
    Lead = 0,

    /// <summary>A Dynamics contact: Dynamics wins collisions by default (DESIGN B3).</summary>
    Contact = 1,
}

/// <summary>Conversions between <see cref="SyncEntity"/> and Dynamics logical names.</summary>
internal static class SyncEntityNames
{
    /// <summary>The logical name: <c>lead</c> or <c>contact</c>.</summary>
    public static string ToLogicalName(this SyncEntity entity) =>
        entity == SyncEntity.Lead ? SyncedEntities.Lead : SyncedEntities.Contact;

    /// <summary>Parses <c>lead</c> or <c>contact</c> (case-insensitive).</summary>
    public static bool TryParse(string? logicalName, out SyncEntity entity)
    {
        if (string.Equals(logicalName, SyncedEntities.Lead, StringComparison.OrdinalIgnoreCase))
        {
            entity = SyncEntity.Lead;
            return true;
        }

        entity = SyncEntity.Contact;
        return string.Equals(logicalName, SyncedEntities.Contact, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Parses <c>lead</c> or <c>contact</c>, throwing on anything else.</summary>
    public static SyncEntity Parse(string logicalName) =>
        TryParse(logicalName, out var entity)
            ? entity
            : throw new FormatException($"'{logicalName}' is not a synced entity (expected 'lead' or 'contact').");
}
