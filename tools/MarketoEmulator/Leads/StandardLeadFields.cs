namespace CrmSync.MarketoEmulator.Leads;

/// <summary>
/// The standard lead fields the emulator describes. Names, types and lengths follow Marketo's
/// Describe Lead / Get Lead Fields documentation (company has id 2 and firstName id 48 as in its examples).
/// </summary>
internal static class StandardLeadFields
{
    public static IReadOnlyList<MarketoFieldDefinition> All { get; } =
    [
        new(1, "id", "Id", "integer", null, ReadOnly: true),
        new(2, "company", "Company Name", "string", 255),
        new(3, "site", "Site", "string", 255),
        new(4, "billingStreet", "Billing Address", "text", 65535),
        new(5, "billingCity", "Billing City", "string", 255),
        new(6, "billingState", "Billing State", "string", 255),
        new(7, "billingCountry", "Billing Country", "string", 255),
        new(8, "billingPostalCode", "Billing Postal Code", "string", 255),
        new(9, "website", "Website", "url", 255),
        new(10, "mainPhone", "Main Phone", "phone", 255),
        new(11, "annualRevenue", "Annual Revenue", "currency"),
        new(12, "numberOfEmployees", "Num Employees", "integer"),
        new(13, "industry", "Industry", "string", 255),
        new(14, "externalCompanyId", "External Company Id", "string", 100),
        new(20, "salutation", "Salutation", "string", 255),
        new(21, "middleName", "Middle Name", "string", 255),
        new(22, "lastName", "Last Name", "string", 255),
        new(23, "email", "Email Address", "email", 255),
        new(24, "phone", "Phone Number", "phone", 255),
        new(25, "mobilePhone", "Mobile Phone Number", "phone", 255),
        new(26, "fax", "Fax Number", "phone", 255),
        new(27, "title", "Job Title", "string", 255),
        new(28, "department", "Department", "string", 255),
        new(29, "dateOfBirth", "Date of Birth", "date"),
        new(30, "address", "Address", "text", 65535),
        new(31, "city", "City", "string", 255),
        new(32, "state", "State", "string", 255),
        new(33, "country", "Country", "string", 255),
        new(34, "postalCode", "Postal Code", "string", 255),
        new(35, "leadSource", "Person Source", "string", 255),
        new(36, "leadStatus", "Person Status", "string", 255),
        new(37, "leadScore", "Person Score", "integer"),
        new(38, "unsubscribed", "Unsubscribed", "boolean"),
        new(39, "unsubscribedReason", "Unsubscribed Reason", "text", 65535),
        new(40, "doNotCall", "Do Not Call", "boolean"),
        new(41, "doNotCallReason", "Do Not Call Reason", "string", 512),
        new(42, "emailInvalid", "Email Invalid", "boolean"),
        new(43, "emailInvalidCause", "Email Invalid Cause", "string", 255),
        new(44, "marketingSuspended", "Marketing Suspended", "boolean"),
        new(48, "firstName", "First Name", "string", 255),
        new(50, "createdAt", "Created At", "datetime", null, ReadOnly: true),
        new(51, "updatedAt", "Updated At", "datetime", null, ReadOnly: true),
    ];
}
