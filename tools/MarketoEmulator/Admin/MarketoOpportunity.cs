namespace CrmSync.MarketoEmulator.Admin;

/// <summary>An opportunity as tests see it.</summary>
/// <param name="MarketoGuid">Its id field.</param>
/// <param name="ExternalOpportunityId">Its dedupe field.</param>
/// <param name="Fields">Its fields (REST names, the dedupe field included).</param>
public sealed record MarketoOpportunity(Guid MarketoGuid, string? ExternalOpportunityId, IReadOnlyDictionary<string, object?> Fields);

/// <summary>An opportunity role as tests see it: the person <paramref name="LeadId"/> in <paramref name="Role"/> on the opportunity.</summary>
/// <param name="MarketoGuid">Its id field.</param>
/// <param name="ExternalOpportunityId">The opportunity's external id.</param>
/// <param name="LeadId">The person.</param>
/// <param name="Role">The role's name.</param>
/// <param name="IsPrimary">Whether it is the primary role; null when not set.</param>
public sealed record MarketoOpportunityRole(Guid MarketoGuid, string ExternalOpportunityId, long LeadId, string Role, bool? IsPrimary);
