using Microsoft.Xrm.Sdk;

namespace CrmSync.Plugins.Tests.Harness;

/// <summary>Builds lead and contact entities for tests.</summary>
internal static class Records
{
    public static readonly Guid LeadId = new("1ead0000-0000-4000-8000-000000000001");
    public static readonly Guid ContactId = new("c0470000-0000-4000-8000-000000000002");

    public static Entity Lead(params (string Name, object? Value)[] attributes) => With(new Entity("lead", LeadId), attributes);

    public static Entity Contact(params (string Name, object? Value)[] attributes) => With(new Entity("contact", ContactId), attributes);

    private static Entity With(Entity entity, (string Name, object? Value)[] attributes)
    {
        foreach (var (name, value) in attributes)
        {
            entity[name] = value!;
        }

        return entity;
    }
}
