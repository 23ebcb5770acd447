using System.Text.Json;

namespace CrmSync.SyncAgent.Marketo;

/// <summary>
/// One activity of Get Lead Changes: a Change Data Value (13) with the changed mapped fields, or a New Lead (12)
/// (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/activities, "Data value changes").
/// </summary>
/// <param name="MarketoGuid">Unique activity id (<c>marketoGUID</c>, replacing the integer <c>id</c>).</param>
/// <param name="LeadId">The person's Marketo id.</param>
/// <param name="ActivityDate">When the change happened (UTC offset as sent).</param>
/// <param name="ActivityTypeId">13 Change Data Value, 12 New Lead.</param>
/// <param name="Fields">Changed fields, restricted to the fields that were asked for.</param>
/// <param name="Attributes">Activity attributes by name (e.g. <c>Source</c>, <c>Reason</c>: "Web service API" for API writes).</param>
internal sealed record LeadChange(
    string MarketoGuid,
    long LeadId,
    DateTimeOffset ActivityDate,
    int ActivityTypeId,
    IReadOnlyList<FieldChange> Fields,
    IReadOnlyDictionary<string, JsonElement> Attributes)
{
    /// <summary>Activity type id of Change Data Value.</summary>
    public const int ChangeDataValueTypeId = 13;

    /// <summary>Activity type id of New Lead.</summary>
    public const int NewLeadTypeId = 12;

    /// <summary>True for a New Lead activity.</summary>
    public bool IsNewLead => ActivityTypeId == NewLeadTypeId;

    /// <summary>The attribute as neutral text, or null.</summary>
    public string? GetAttribute(string name) => Attributes.TryGetValue(name, out var value) ? MarketoValues.ToText(value) : null;
}

/// <summary>One changed field: <c>{"id":48,"name":"firstName","newValue":..,"oldValue":..}</c>.</summary>
/// <param name="Name">REST name of the field.</param>
/// <param name="FieldId">Marketo field id, when sent.</param>
/// <param name="NewValue">Raw new value (JSON null when cleared).</param>
/// <param name="OldValue">Raw old value.</param>
internal sealed record FieldChange(string Name, int? FieldId, JsonElement NewValue, JsonElement OldValue);

/// <summary>A page of lead changes. Store <see cref="NextPageToken"/> only once the page is fully processed.</summary>
/// <param name="Changes">Activities of this page, in Marketo's order.</param>
/// <param name="NextPageToken">Token that continues after this page (always returned by the endpoint).</param>
/// <param name="MoreResult">True when Marketo has more after this page.</param>
internal sealed record LeadChangePage(IReadOnlyList<LeadChange> Changes, string NextPageToken, bool MoreResult);
