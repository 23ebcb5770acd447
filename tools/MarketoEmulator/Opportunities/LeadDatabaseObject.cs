using CrmSync.MarketoEmulator.Leads;

namespace CrmSync.MarketoEmulator.Opportunities;

/// <summary>
/// A lead-database object whose id field is <c>marketoGUID</c> (Opportunities, Opportunity Roles), as its Describe call
/// documents it: name, REST path, dedupe fields (the key of Sync and Delete by <c>dedupeFields</c>), searchable fields
/// and fields.
/// </summary>
/// <param name="Name">The describe <c>name</c> (<c>opportunity</c>, <c>opportunityRole</c>).</param>
/// <param name="DisplayName">The describe <c>displayName</c>.</param>
/// <param name="Path">The path under <c>/rest/v1/</c> (<c>opportunities</c>, <c>opportunities/roles</c>).</param>
/// <param name="DedupeFields">The dedupe fields, in order.</param>
/// <param name="Searchable">The searchable field sets (each one field here: composite keys are not queried by GET).</param>
/// <param name="Fields">Every field.</param>
internal sealed record LeadDatabaseObject(
    string Name, string DisplayName, string Path, IReadOnlyList<string> DedupeFields, IReadOnlyList<IReadOnlyList<string>> Searchable,
    IReadOnlyList<MarketoFieldDefinition> Fields)
{
    public const string IdField = "marketoGUID";

    /// <summary>Fields the store writes itself.</summary>
    public static readonly string[] SystemFields = [IdField, "createdAt", "updatedAt"];

    public MarketoFieldDefinition? Find(string name) => Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));

    /// <summary>
    /// The Opportunity object (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/opportunities):
    /// idField marketoGUID, dedupe field externalOpportunityId (string 50, not updateable), searchable externalOpportunityId
    /// and marketoGUID, and the standard opportunity fields.
    /// </summary>
    public static LeadDatabaseObject Opportunity { get; } = new(
        "opportunity", "Opportunity", "opportunities", ["externalOpportunityId"], [["externalOpportunityId"], [IdField]],
        [
            new(0, IdField, "Marketo GUID", "string", 36, ReadOnly: true),
            new(0, "createdAt", "Created At", "datetime", null, ReadOnly: true),
            new(0, "updatedAt", "Updated At", "datetime", null, ReadOnly: true),
            new(0, "externalOpportunityId", "External Opportunity Id", "string", 50, ReadOnly: true),
            new(0, "name", "Name", "string", 255),
            new(0, "description", "Description", "text", 65535),
            new(0, "amount", "Amount", "currency"),
            new(0, "expectedRevenue", "Expected Revenue", "currency"),
            new(0, "closeDate", "Close Date", "date"),
            new(0, "stage", "Stage", "string", 255),
            new(0, "isClosed", "Is Closed", "boolean"),
            new(0, "isWon", "Is Won", "boolean"),
            new(0, "probability", "Probability", "integer"),
            new(0, "type", "Type", "string", 255),
            new(0, "leadSource", "Lead Source", "string", 255),
            new(0, "nextStep", "Next Step", "string", 255),
            new(0, "fiscalQuarter", "Fiscal Quarter", "integer"),
            new(0, "fiscalYear", "Fiscal Year", "integer"),
            new(0, "forecastCategoryName", "Forecast Category Name", "string", 255),
            new(0, "lastActivityDate", "Last Activity Date", "date"),
            new(0, "externalCompanyId", "External Company Id", "string", 100),
            new(0, "externalSalesPersonId", "External Sales Person Id", "string", 100),
        ]);

    /// <summary>
    /// The Opportunity Role object (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/opportunity-roles):
    /// idField marketoGUID, dedupe fields externalOpportunityId, leadId and role (none updateable), searchable marketoGUID,
    /// leadId and externalOpportunityId each alone.
    /// </summary>
    public static LeadDatabaseObject OpportunityRole { get; } = new(
        "opportunityRole", "Opportunity Role", "opportunities/roles", ["externalOpportunityId", "leadId", "role"],
        [[IdField], ["leadId"], ["externalOpportunityId"]],
        [
            new(0, IdField, "Marketo GUID", "string", 36, ReadOnly: true),
            new(0, "createdAt", "Created At", "datetime", null, ReadOnly: true),
            new(0, "updatedAt", "Updated At", "datetime", null, ReadOnly: true),
            new(0, "externalOpportunityId", "External Opportunity Id", "string", 50, ReadOnly: true),
            new(0, "leadId", "Lead Id", "integer", null, ReadOnly: true),
            // Assumption, not confirmed from Adobe's reference: 50, the length it gives externalOpportunityId.
            new(0, "role", "Role", "string", 50, ReadOnly: true),
            new(0, "isPrimary", "Is Primary", "boolean"),
        ]);
}
