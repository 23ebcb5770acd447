using CrmSync.MarketoEmulator.Leads;

namespace CrmSync.MarketoEmulator.Companies;

/// <summary>
/// The company object's fields, as Describe Company documents them
/// (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/companies):
/// <c>idField</c> <c>id</c>, dedupe field <c>externalCompanyId</c> (string 100, not updateable), searchable
/// <c>externalCompanyId</c>, <c>id</c>, <c>company</c>. The other fields are the company fields a person shows when its
/// <c>externalCompanyId</c> names the company (same names and types as on the lead).
/// </summary>
internal static class CompanyFields
{
    public const string Id = "id";
    public const string ExternalCompanyId = "externalCompanyId";
    public const string Company = "company";

    public static IReadOnlyList<MarketoFieldDefinition> All { get; } =
    [
        new(0, "createdAt", "Created At", "datetime", null, ReadOnly: true),
        new(0, ExternalCompanyId, "External Company Id", "string", 100, ReadOnly: true),
        new(0, Id, "Id", "integer", null, ReadOnly: true),
        new(0, "updatedAt", "Updated At", "datetime", null, ReadOnly: true),
        new(0, "annualRevenue", "Annual Revenue", "currency"),
        new(0, "billingCity", "Billing City", "string", 255),
        new(0, "billingCountry", "Billing Country", "string", 255),
        new(0, "billingPostalCode", "Billing Postal Code", "string", 255),
        new(0, "billingState", "Billing State", "string", 255),
        new(0, "billingStreet", "Billing Address", "text", 65535),
        new(0, Company, "Company Name", "string", 255),
        new(0, "industry", "Industry", "string", 255),
        new(0, "mainPhone", "Main Phone", "phone", 255),
        new(0, "numberOfEmployees", "Num Employees", "integer"),
        new(0, "sicCode", "SIC Code", "string", 40),
        new(0, "site", "Site", "string", 255),
        new(0, "website", "Website", "url", 255),
    ];

    /// <summary>The fields a company lends to its persons (the writable ones).</summary>
    public static IReadOnlyList<MarketoFieldDefinition> Inherited { get; } = [.. All.Where(f => !f.ReadOnly)];

    /// <summary>The searchable fields (each alone), as Describe Company lists them.</summary>
    public static IReadOnlyList<string> Searchable { get; } = [ExternalCompanyId, Id, Company];

    public static MarketoFieldDefinition? Find(string name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
}
