using System.Text.Json;
using CrmSync.Staging;
using Microsoft.Xrm.Sdk;

namespace CrmSync.Plugins.Tests.Harness;

/// <summary>
/// Runs <see cref="SyncEventPlugin"/> the way the platform does: a fresh service provider with the
/// execution context, tracing and an organization service factory, the step's configuration in the
/// constructor, Target and PreImage set per message.
/// </summary>
internal sealed class PluginHarness
{
    public static readonly Guid SyncUserId = new("5a1e0000-0000-4000-8000-00000000a9e7");
    public static readonly Guid UserId = new("0b0e0000-0000-4000-8000-000000000001");

    /// <summary>Lead maps one attribute of every value type; contact a few.</summary>
    public static readonly string DefaultConfiguration =
        "{\"syncUserId\":\"" + SyncUserId + "\",\"attributes\":{" +
        "\"lead\":[\"emailaddress1\",\"firstname\",\"lastname\",\"numberofemployees\",\"revenue\"," +
        "\"leadqualitycode\",\"donotemail\",\"lastusedincampaign\",\"parentcontactid\",\"exchangerate\"]," +
        "\"contact\":[\"emailaddress1\",\"firstname\",\"lastname\",\"parentcustomerid\"]}}";

    private readonly string? _unsecureConfiguration;

    public PluginHarness(string? unsecureConfiguration)
    {
        _unsecureConfiguration = unsecureConfiguration;
        Service = new InMemoryOrganizationService();
        Factory = new FakeOrganizationServiceFactory(Service);
        Context.InitiatingUserId = UserId;
        Context.UserId = UserId;
    }

    public FakePluginExecutionContext Context { get; } = new();

    public InMemoryOrganizationService Service { get; }

    public FakeOrganizationServiceFactory Factory { get; }

    public CapturingTracingService Tracing { get; } = new();

    /// <summary>The one staged row; fails when there is none or more than one.</summary>
    public Entity Row => Assert.Single(Service.Created);

    public static PluginHarness CreateSut(string? unsecureConfiguration = null) =>
        new(unsecureConfiguration ?? DefaultConfiguration);

    public PluginHarness Create(Entity target)
    {
        Prepare(SyncMessages.Create, target.LogicalName, target.Id);
        Context.InputParameters[PluginStep.TargetParameter] = target;
        Context.OutputParameters["id"] = target.Id;
        return this;
    }

    public PluginHarness Update(Entity target, Entity? preImage)
    {
        Prepare(SyncMessages.Update, target.LogicalName, target.Id);
        Context.InputParameters[PluginStep.TargetParameter] = target;
        if (preImage is not null)
        {
            Context.PreEntityImages[PluginStep.PreImageAlias] = preImage;
        }

        return this;
    }

    /// <summary>The Merge message as the platform passes it: Target a reference to the master, SubordinateId a Guid.</summary>
    public PluginHarness Merge(string entityName, Guid masterId, Guid? subordinateId)
    {
        Prepare(SyncMessages.Merge, entityName, masterId);
        Context.InputParameters[PluginStep.TargetParameter] = new EntityReference(entityName, masterId);
        if (subordinateId is { } subordinate)
        {
            Context.InputParameters[PluginStep.SubordinateIdParameter] = subordinate;
        }

        Context.InputParameters["UpdateContent"] = new Entity(entityName);
        Context.InputParameters["PerformParentingChecks"] = false;
        return this;
    }

    public PluginHarness Delete(string entityName, Guid id, Entity? preImage)
    {
        Prepare(SyncMessages.Delete, entityName, id);
        Context.InputParameters[PluginStep.TargetParameter] = new EntityReference(entityName, id);
        if (preImage is not null)
        {
            Context.PreEntityImages[PluginStep.PreImageAlias] = preImage;
        }

        return this;
    }

    public PluginHarness AsUser(Guid initiatingUserId, int depth)
    {
        Context.InitiatingUserId = initiatingUserId;
        Context.Depth = depth;
        return this;
    }

    /// <summary>Runs the plug-in as the platform does: a new instance from the step's configuration.</summary>
    public PluginHarness Execute()
    {
        var plugin = new SyncEventPlugin(_unsecureConfiguration!, string.Empty);
        plugin.Execute(CreateServiceProvider());
        return this;
    }

    public FakeServiceProvider CreateServiceProvider() => new FakeServiceProvider()
        .Add<IPluginExecutionContext>(Context)
        .Add<ITracingService>(Tracing)
        .Add<IOrganizationServiceFactory>(Factory);

    /// <summary>The staged row's changes, parsed.</summary>
    public JsonElement Changes()
    {
        var json = (string)Row[SyncEventTable.Changes];
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>The names of the staged changes, in order.</summary>
    public string[] ChangedAttributes() => Changes().EnumerateObject().Select(p => p.Name).ToArray();

    private void Prepare(string message, string entityName, Guid id)
    {
        Context.MessageName = message;
        Context.PrimaryEntityName = entityName;
        Context.PrimaryEntityId = id;
    }
}
