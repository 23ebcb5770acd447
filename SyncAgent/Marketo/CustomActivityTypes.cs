using System.Text.Json;

namespace CrmSync.SyncAgent.Marketo;

/// <summary>What the agent needs of a custom activity type (created as draft, then approved).</summary>
internal sealed record CustomActivityTypeDefinition(
    string ApiName,
    string Name,
    string TriggerName,
    string FilterName,
    string Description,
    CustomActivityAttribute PrimaryAttribute,
    IReadOnlyList<CustomActivityAttribute> Attributes);

/// <summary>An attribute of a custom activity type; data types: string, boolean, integer, float, link, email, currency, date, datetime, phone, text.</summary>
internal sealed record CustomActivityAttribute(string ApiName, string Name, string DataType, string? Description = null);

/// <summary>A provisioned type: <see cref="Id"/> is the <c>activityTypeId</c> to add activities with.</summary>
/// <param name="Status">draft, approved, approved with draft.</param>
internal sealed record CustomActivityType(int? Id, string ApiName, string Status)
{
    /// <summary>True when a live (approved) version exists.</summary>
    public bool IsApproved => Status.StartsWith("approved", StringComparison.OrdinalIgnoreCase);
}

/// <summary>One custom activity to add to a person's activity log.</summary>
/// <param name="Attributes">Secondary attributes by API name.</param>
internal sealed record CustomActivity(
    long LeadId,
    DateTimeOffset ActivityDate,
    int ActivityTypeId,
    string PrimaryAttributeValue,
    IReadOnlyDictionary<string, JsonElement> Attributes);
