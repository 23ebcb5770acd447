namespace CrmSync.SyncAgent.Engine;

/// <summary>One Marketo lead-change activity (or a merged set of them), values already canonicalised.</summary>
/// <param name="LeadId">The Marketo person id.</param>
/// <param name="Fields">Marketo REST field name → new value.</param>
/// <param name="ActivityDate">When Marketo recorded the change (UTC).</param>
internal sealed record MarketoChange(
    long LeadId,
    IReadOnlyDictionary<string, FieldValue> Fields,
    DateTimeOffset ActivityDate);
