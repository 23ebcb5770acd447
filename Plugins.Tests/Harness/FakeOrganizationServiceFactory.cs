using Microsoft.Xrm.Sdk;

namespace CrmSync.Plugins.Tests.Harness;

/// <summary>Hands out one in-memory service and records for which user each was asked.</summary>
internal sealed class FakeOrganizationServiceFactory(InMemoryOrganizationService service) : IOrganizationServiceFactory
{
    public List<Guid?> RequestedUsers { get; } = new();

    public IOrganizationService CreateOrganizationService(Guid? userId)
    {
        RequestedUsers.Add(userId);
        return service;
    }
}
