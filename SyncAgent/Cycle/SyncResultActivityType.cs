using CrmSync.SyncAgent.Marketo;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>The Marketo custom activity type in which CrmSync records sync results in the person's activity log.</summary>
internal static class SyncResultActivityType
{
    /// <summary>The type's API name.</summary>
    public const string ApiName = "crmsyncSyncResult";

    /// <summary>The primary attribute: the fields the result is about.</summary>
    public const string FieldsAttribute = "fields";

    /// <summary>Where the write went: Dynamics or Marketo.</summary>
    public const string DirectionAttribute = "direction";

    /// <summary>The other side's error code.</summary>
    public const string ErrorCodeAttribute = "errorCode";

    /// <summary>The other side's message.</summary>
    public const string MessageAttribute = "message";

    /// <summary>The Dynamics record (entity and id).</summary>
    public const string RecordAttribute = "dynamicsRecord";

    /// <summary>The definition that <c>crmsync doctor --fix</c> and the cycle create and approve.</summary>
    public static CustomActivityTypeDefinition Definition { get; } = new(
        ApiName,
        "CrmSync Sync Result",
        "CrmSync rejected a sync",
        "CrmSync rejected a sync",
        "A value CrmSync could not write to Dynamics 365 or Marketo, with the other side's message.",
        new CustomActivityAttribute(FieldsAttribute, "Fields", "string", "The fields the result is about"),
        [
            new CustomActivityAttribute(DirectionAttribute, "Direction", "string"),
            new CustomActivityAttribute(ErrorCodeAttribute, "Error Code", "string"),
            new CustomActivityAttribute(MessageAttribute, "Message", "string"),
            new CustomActivityAttribute(RecordAttribute, "Dynamics Record", "string"),
        ]);
}
