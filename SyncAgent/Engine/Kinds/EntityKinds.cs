using CrmSync.Staging;

namespace CrmSync.SyncAgent.Engine;

/// <summary>Every kind CrmSync knows (DESIGN B16): the one place a new kind is added.</summary>
internal static class EntityKinds
{
    /// <summary>Dynamics leads and contacts ↔ Marketo persons, both ways (B1–B15).</summary>
    public static EntityKind Person { get; } = new("person", [SyncedEntities.Lead, SyncedEntities.Contact], KindDirection.TwoWay);

    /// <summary>
    /// Dynamics accounts → Marketo companies (Companies API, <c>externalCompanyId</c> = the account id). A person whose
    /// <c>externalCompanyId</c> names the company shows the company's fields as its own.
    /// </summary>
    public static EntityKind Company { get; } = new("company", [SyncedEntities.Account], KindDirection.ToMarketo)
    {
        EntitySet = "accounts",
        MarketoObject = "companies",
        ExternalIdField = "externalCompanyId",
        Section = "Accounts",
        Merges = true,
        DefaultFields =
        [
            new("company", "name", FieldKind.Text),
            new("website", "websiteurl", FieldKind.Text),
            new("industry", "industrycode", FieldKind.OptionSet),
            new("numberOfEmployees", "numberofemployees", FieldKind.Number),
            new("annualRevenue", "revenue", FieldKind.Money),
            new("billingStreet", "address1_line1", FieldKind.Text),
            new("billingCity", "address1_city", FieldKind.Text),
            new("billingCountry", "address1_country", FieldKind.Text),
        ],
    };

    /// <summary>
    /// Dynamics opportunities → Marketo opportunities (Opportunities API, <c>externalOpportunityId</c> = the opportunity
    /// id). Its customer contact (<c>customerid</c> when a contact, else <c>parentcontactid</c>) gets an opportunity role
    /// on its linked person. <c>statecode</c> (0 Open, 1 Won, 2 Lost) gives <c>isClosed</c> (1 or 2) and <c>isWon</c> (1).
    /// </summary>
    public static EntityKind Opportunity { get; } = new("opportunity", [SyncedEntities.Opportunity], KindDirection.ToMarketo)
    {
        EntitySet = SyncedEntities.OpportunityEntitySet,
        MarketoObject = "opportunities",
        ExternalIdField = "externalOpportunityId",
        Section = "Opportunities",
        RoleColumns = ["customerid", "parentcontactid"],
        RoleObject = "opportunities/roles",
        DefaultRoleName = "Decision Maker",
        DefaultFields =
        [
            new("name", "name", FieldKind.Text),
            new("amount", "estimatedvalue", FieldKind.Money),
            new("closeDate", "estimatedclosedate", FieldKind.Date),
            new("stage", "salesstage", FieldKind.OptionSet),
            new("isClosed", "statecode", FieldKind.Boolean) { TrueWhen = [1, 2] },
            new("isWon", "statecode", FieldKind.Boolean) { TrueWhen = [1] },
        ],
    };

    /// <summary>Every kind, persons first.</summary>
    public static IReadOnlyList<EntityKind> All { get; } = [Person, Company, Opportunity];

    /// <summary>The kinds that travel Dynamics → Marketo only.</summary>
    public static IReadOnlyList<EntityKind> OneWay { get; } = [.. All.Where(k => k.Direction == KindDirection.ToMarketo)];

    /// <summary>The one-way kind whose table is <paramref name="table"/>, or null (persons and unknown tables).</summary>
    public static EntityKind? OneWayFor(string? table) => OneWay.FirstOrDefault(k => k.Covers(table));

    /// <summary>The kind named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static EntityKind? Named(string? name) => All.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase));
}
