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

    /// <summary>Every kind, persons first.</summary>
    public static IReadOnlyList<EntityKind> All { get; } = [Person, Company];

    /// <summary>The kinds that travel Dynamics → Marketo only.</summary>
    public static IReadOnlyList<EntityKind> OneWay { get; } = [.. All.Where(k => k.Direction == KindDirection.ToMarketo)];

    /// <summary>The one-way kind whose table is <paramref name="table"/>, or null (persons and unknown tables).</summary>
    public static EntityKind? OneWayFor(string? table) => OneWay.FirstOrDefault(k => k.Covers(table));

    /// <summary>The kind named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static EntityKind? Named(string? name) => All.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase));
}
