namespace CrmSync.MarketoEmulator.Leads;

/// <summary>One lead field as <c>GET /rest/v1/leads/describe.json</c> reports it.</summary>
/// <param name="Id">Field id (reported in describe and in Change Data Value <c>fields[].id</c>); 0 lets the emulator assign one.</param>
/// <param name="Name">REST API name, e.g. <c>firstName</c>.</param>
/// <param name="DisplayName">Friendly label, e.g. <c>First Name</c>.</param>
/// <param name="DataType">Marketo data type: string, email, phone, url, text, integer, float, currency, boolean, date, datetime.</param>
/// <param name="Length">Maximum length for string-like types, or null.</param>
/// <param name="ReadOnly">Whether the REST API may write it.</param>
public sealed record MarketoFieldDefinition(int Id, string Name, string DisplayName, string DataType, int? Length = null, bool ReadOnly = false);
