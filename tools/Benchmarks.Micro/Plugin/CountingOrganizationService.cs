using Microsoft.Xrm.Sdk;

namespace CrmSync.Benchmarks.Micro.Plugin;

/// <summary>Counts the staging rows created and keeps the last one; the plug-in's only service call is Create.</summary>
internal sealed class CountingOrganizationService : IOrganizationService
{
    public long Creates { get; private set; }

    public Entity? Last { get; private set; }

    public Guid Create(Entity entity)
    {
        Creates++;
        Last = entity;
        return Guid.Empty;
    }
}

/// <summary>Hands out the one counting service.</summary>
internal sealed class CountingServiceFactory(CountingOrganizationService service) : IOrganizationServiceFactory
{
    public IOrganizationService CreateOrganizationService(Guid? userId) => service;
}

/// <summary>Counts trace lines without keeping them, so the benchmark measures the plug-in, not a growing list.</summary>
internal sealed class CountingTracingService : ITracingService
{
    public long Lines { get; private set; }

    public void Trace(string format, params object[] args) => Lines++;
}
