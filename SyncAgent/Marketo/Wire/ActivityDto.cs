using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrmSync.SyncAgent.Marketo.Wire;

/// <summary>
/// One item of Get Lead Changes / Get Lead Activities
/// (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/activities).
/// </summary>
internal sealed class ActivityDto
{
    public long? Id { get; init; }

    [JsonPropertyName("marketoGUID")]
    public string? MarketoGuid { get; init; }

    public long LeadId { get; init; }

    // Documented as "2014-09-17T22:31:49+0000" (no colon in the offset), which DateTimeOffset's JSON reader refuses.
    public string? ActivityDate { get; init; }

    public int ActivityTypeId { get; init; }

    public JsonElement PrimaryAttributeValue { get; init; }

    public List<FieldChangeDto>? Fields { get; init; }

    public List<AttributeDto>? Attributes { get; init; }
}

/// <summary><c>{"id":48,"name":"firstName","newValue":..,"oldValue":..}</c>.</summary>
internal sealed class FieldChangeDto
{
    public int? Id { get; init; }

    public string? Name { get; init; }

    public JsonElement NewValue { get; init; }

    public JsonElement OldValue { get; init; }
}

/// <summary><c>{"name":"Source","value":"Web service API"}</c>; custom activities write <c>apiName</c>.</summary>
internal sealed class AttributeDto
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ApiName { get; init; }

    public JsonElement Value { get; init; }
}
