using Microsoft.Xrm.Sdk;

namespace CrmSync.Plugins.Tests.Harness;

/// <summary>Keeps the records created through it; throws <see cref="Fault"/> when one is set.</summary>
internal sealed class InMemoryOrganizationService : IOrganizationService
{
    public List<Entity> Created { get; } = new();

    public Exception? Fault { get; set; }

    public Guid Create(Entity entity)
    {
        if (Fault is not null)
        {
            throw Fault;
        }

        entity.Id = Guid.NewGuid();
        Created.Add(entity);
        return entity.Id;
    }
}
