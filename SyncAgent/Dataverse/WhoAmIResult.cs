using System.Text.Json.Serialization;

namespace CrmSync.SyncAgent.Dataverse;

/// <summary>The <c>WhoAmI</c> function's response: the calling user, its business unit and organization.</summary>
internal sealed record WhoAmIResult(
    [property: JsonPropertyName("UserId")] Guid UserId,
    [property: JsonPropertyName("BusinessUnitId")] Guid BusinessUnitId,
    [property: JsonPropertyName("OrganizationId")] Guid OrganizationId);
