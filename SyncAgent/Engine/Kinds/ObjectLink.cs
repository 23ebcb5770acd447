namespace CrmSync.SyncAgent.Engine;

/// <summary>
/// A Dynamics record of a one-way kind linked to its Marketo object, keyed by the Dynamics id (which Marketo holds as
/// the object's external id, e.g. <c>externalCompanyId</c>), so a lost link is found again by the external id.
/// </summary>
/// <param name="Kind">The record's kind.</param>
/// <param name="DynamicsId">The Dynamics id.</param>
/// <param name="MarketoId">The Marketo object's id (a company id; an opportunity's <c>marketoGUID</c>), as text.</param>
internal sealed record ObjectLink(EntityKind Kind, Guid DynamicsId, string MarketoId);
