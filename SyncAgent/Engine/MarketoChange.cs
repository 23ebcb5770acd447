namespace CrmSync.SyncAgent.Engine;

/// <summary>One Marketo lead-change activity (or a merged set of them), values already canonicalised.</summary>
/// <param name="LeadId">The Marketo person id.</param>
/// <param name="Fields">Marketo REST field name → new value.</param>
/// <param name="ActivityDate">When Marketo recorded the change (UTC).</param>
/// <param name="IsNewLead">Whether the activity is a "New Lead" activity (persons are created in Dynamics only by sync-person, B4).</param>
/// <param name="Source">The activity's source attributes as reported (e.g. <c>Web service API</c>), for diagnostics.</param>
internal sealed record MarketoChange(
    long LeadId,
    IReadOnlyDictionary<string, FieldValue> Fields,
    DateTimeOffset ActivityDate,
    bool IsNewLead = false,
    string? Source = null);
