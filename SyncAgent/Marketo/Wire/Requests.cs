using System.Text.Json;

namespace CrmSync.SyncAgent.Marketo.Wire;

/// <summary>
/// Body of Sync Leads: <c>{"action","lookupField","input":[..]}</c>
/// (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/leads, "Create and Update").
/// </summary>
internal sealed class SyncLeadsRequest
{
    public string Action { get; init; } = "";

    public string LookupField { get; init; } = "";

    public List<Dictionary<string, JsonElement>> Input { get; init; } = [];
}

/// <summary>Body of Add Custom Activities: <c>{"input":[{leadId,activityDate,activityTypeId,primaryAttributeValue,attributes}]}</c>.</summary>
internal sealed class AddCustomActivitiesRequest
{
    public List<CustomActivityInputDto> Input { get; init; } = [];
}

/// <summary>One custom activity record to add.</summary>
internal sealed class CustomActivityInputDto
{
    public long LeadId { get; init; }

    public string ActivityDate { get; init; } = "";

    public int ActivityTypeId { get; init; }

    public string PrimaryAttributeValue { get; init; } = "";

    public List<AttributeDto> Attributes { get; init; } = [];
}

/// <summary>
/// Body of Sync Companies (and the other lead-database objects): <c>{"action","dedupeBy","input":[...]}</c>
/// (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/companies).
/// </summary>
internal sealed class SyncObjectsRequest
{
    public string Action { get; init; } = "";

    public string DedupeBy { get; init; } = "";

    public List<Dictionary<string, JsonElement>> Input { get; init; } = [];
}

/// <summary>Body of Delete Companies (and the other lead-database objects): <c>{"deleteBy","input":[...]}</c>.</summary>
internal sealed class DeleteObjectsRequest
{
    public string DeleteBy { get; init; } = "";

    public List<Dictionary<string, JsonElement>> Input { get; init; } = [];
}
