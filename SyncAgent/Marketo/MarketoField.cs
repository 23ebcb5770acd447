namespace CrmSync.SyncAgent.Marketo;

/// <summary>A lead field from Describe: the source of truth for names, types, lengths and read-only flags.</summary>
/// <param name="Id">Field id.</param>
/// <param name="DisplayName">Friendly label.</param>
/// <param name="DataType">string, email, phone, url, text, integer, float, currency, boolean, date, datetime, reference, …</param>
/// <param name="Length">Maximum length, when the field has one.</param>
/// <param name="RestName">REST API name; null when the field is not available through REST.</param>
/// <param name="ReadOnly">Read-only through REST.</param>
internal sealed record MarketoField(int Id, string DisplayName, string DataType, int? Length, string? RestName, bool ReadOnly);
