using System;

namespace Microsoft.Xrm.Sdk;

/// <summary>Creates organization services for a user.</summary>
public interface IOrganizationServiceFactory
{
    /// <summary>An organization service running as <paramref name="userId"/> (null: SYSTEM).</summary>
    IOrganizationService CreateOrganizationService(Guid? userId);
}
