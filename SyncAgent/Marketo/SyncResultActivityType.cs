namespace CrmSync.SyncAgent.Marketo;

/// <summary>
/// The custom activity type the agent adds to a person's activity log when Dynamics refuses a write (DESIGN B7).
/// <c>crmsync doctor --fix</c> creates and approves it; the cycle adds activities of it.
/// </summary>
internal static class SyncResultActivityType
{
    /// <summary>The type's API name.</summary>
    public const string ApiName = "crmsyncSyncResult";

    /// <summary>Secondary attribute: the Dynamics error code.</summary>
    public const string ErrorCode = "errorCode";

    /// <summary>Secondary attribute: the Dynamics message.</summary>
    public const string Message = "message";

    /// <summary>Secondary attribute: the Dynamics record (<c>lead &lt;id&gt;</c>).</summary>
    public const string Record = "dynamicsRecord";

    /// <summary>The definition created by <c>doctor --fix</c>; the primary attribute holds the fields refused.</summary>
    public static CustomActivityTypeDefinition Definition { get; } = new(
        ApiName,
        "CrmSync sync result",
        "CrmSync rejected a sync",
        "CrmSync rejected a sync",
        "Dynamics 365 refused a value CrmSync tried to write for this person.",
        new CustomActivityAttribute("fields", "Fields", "string", "The fields Dynamics refused"),
        [
            new CustomActivityAttribute(ErrorCode, "Error code", "string"),
            new CustomActivityAttribute(Message, "Message", "text"),
            new CustomActivityAttribute(Record, "Dynamics record", "string"),
        ]);
}
