namespace CrmSync.MarketoEmulator.Admin;

/// <summary>A company as tests see it.</summary>
/// <param name="Id">The Marketo company id.</param>
/// <param name="ExternalCompanyId">Its dedupe field.</param>
/// <param name="Fields">Its other fields (REST names).</param>
public sealed record MarketoCompany(int Id, string? ExternalCompanyId, IReadOnlyDictionary<string, object?> Fields);
