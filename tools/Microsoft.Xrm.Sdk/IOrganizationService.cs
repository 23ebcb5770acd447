using System;

namespace Microsoft.Xrm.Sdk;

/// <summary>
/// The organization service. Only the members CrmSync uses are declared; the platform's interface
/// has more, and a compiled call binds to the member by name and signature.
/// </summary>
public interface IOrganizationService
{
    /// <summary>Creates a record and returns its id.</summary>
    Guid Create(Entity entity);
}
